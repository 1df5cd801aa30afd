package io.suanli.metering.rest;

import io.suanli.catalog.domain.UnitPrices;
import io.suanli.common.money.Decimals;
import io.suanli.metering.domain.Charges;
import io.suanli.metering.domain.UsageRecord;
import io.suanli.metering.service.StoredUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A usage record as the billing pull returns it; money as decimals of the currency's minor unit. */
public record UsageView(
        String id,
        String source,
        String jobId,
        int attempt,
        int task,
        String tenant,
        String site,
        String region,
        String tier,
        String node,
        String gpuModel,
        Instant startsAt,
        Instant endsAt,
        BigDecimal cpuCoreHours,
        BigDecimal memoryGiBHours,
        BigDecimal gpuHours,
        BigDecimal energyKWh,
        BigDecimal carbonKg,
        UnitPrices unitPrices,
        String currency,
        BigDecimal listCost,
        BigDecimal billedCost,
        LocalDate chargeDay,
        LocalDate billingDay,
        boolean adjustment,
        Instant recordedAt) {

    public static UsageView of(StoredUsage stored) {
        UsageRecord r = stored.record();
        return new UsageView(r.eventId(), r.source().name(), r.jobId(), r.attempt(), r.task(), r.tenant(), r.site(), r.region(),
                r.tier(), r.node(), r.gpuModel(), r.startsAt(), r.endsAt(), Decimals.plain(r.cpuCoreHours()),
                Decimals.plain(r.memoryGiBHours()), Decimals.plain(r.gpuHours()), Decimals.plain(r.energyKWh()),
                Decimals.plain(r.carbonKg()), new UnitPrices(Decimals.plain(r.prices().cpuCore()),
                        Decimals.plain(r.prices().memoryGiB()), Decimals.plain(r.prices().gpu())),
                r.currency(), Charges.fromMinor(r.listCostMinor(), r.currency()), Charges.fromMinor(r.billedCostMinor(), r.currency()),
                r.chargeDay(), stored.billingDay(), stored.adjustment(), r.recordedAt());
    }
}
