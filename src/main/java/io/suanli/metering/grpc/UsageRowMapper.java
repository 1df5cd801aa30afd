package io.suanli.metering.grpc;

import static io.suanli.metering.service.StoredUsage.*;

import com.google.protobuf.Timestamp;
import io.suanli.common.money.Decimals;
import io.suanli.grpc.v1.UsageRecord;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * Writes a stored usage row (columns {@link io.suanli.metering.service.StoredUsage#COLUMNS}) into
 * its pull message directly, by column position, without the domain record in between: the pull
 * writes a million of them, and parsing eight decimals into BigDecimals only to strip their zeros
 * again, and finding 27 columns by name, took most of the service's time per record. Decimals are
 * written plainly without trailing zeros ({@code 16}, {@code 0.5}), as clients reported them.
 */
final class UsageRowMapper {

    private UsageRowMapper() {}

    static UsageRecord toProto(Row row) {
        UsageRecord.Builder b = UsageRecord.newBuilder()
                .setId(row.getString(EVENT_ID)).setSource(row.getString(SOURCE)).setJobId(row.getString(JOB_ID))
                .setAttempt(row.getInteger(ATTEMPT)).setTask(row.getInteger(TASK)).setTenant(row.getString(TENANT))
                .setSite(row.getString(SITE)).setRegion(row.getString(REGION)).setTier(row.getString(TIER))
                .setNode(row.getString(NODE))
                .setStartsAt(timestamp(row.getOffsetDateTime(STARTS_AT))).setEndsAt(timestamp(row.getOffsetDateTime(ENDS_AT)))
                .setCpuCoreHours(plain(row, CPU_CORE_HOURS)).setMemoryGibHours(plain(row, MEMORY_GIB_HOURS))
                .setGpuHours(plain(row, GPU_HOURS)).setEnergyKwh(plain(row, ENERGY_KWH)).setCarbonKg(plain(row, CARBON_KG))
                .setPriceCpuCore(plain(row, PRICE_CPU_CORE)).setPriceMemoryGib(plain(row, PRICE_MEMORY_GIB))
                .setPriceGpu(plain(row, PRICE_GPU)).setCurrency(row.getString(CURRENCY))
                .setListCostMinor(row.getLong(LIST_COST_MINOR)).setBilledCostMinor(row.getLong(BILLED_COST_MINOR))
                .setChargeDay(row.getLocalDate(CHARGE_DAY).toString()).setBillingDay(row.getLocalDate(BILLING_DAY).toString());
        String gpuModel = row.getString(GPU_MODEL);
        if (gpuModel != null) {
            b.setGpuModel(gpuModel);
        }
        return b.build();
    }

    private static String plain(Row row, int column) {
        return Decimals.plainText(row.getString(column));
    }

    private static Timestamp timestamp(OffsetDateTime at) {
        return Timestamp.newBuilder().setSeconds(at.toEpochSecond()).setNanos(at.getNano()).build();
    }
}
