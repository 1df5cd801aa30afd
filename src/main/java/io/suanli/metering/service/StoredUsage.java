package io.suanli.metering.service;

import io.suanli.catalog.domain.UnitPrices;
import io.suanli.metering.domain.UsageRecord;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;

/** A stored usage record and the statement day it is billed in (its own day, or a later open one for late usage). */
public record StoredUsage(UsageRecord record, LocalDate billingDay) {

    /** The columns {@link #of(Row)} reads. */
    public static final String COLUMNS = "event_id, source, job_id::text as job_id, attempt, task, tenant, site, region, tier, node,"
            + " gpu_model, starts_at, ends_at, cpu_core_hours, memory_gib_hours, gpu_hours, energy_kwh, carbon_kg, price_cpu_core,"
            + " price_memory_gib, price_gpu, currency, list_cost_minor, billed_cost_minor, charge_day, billing_day, recorded_at";

    /** True when the record was billed in a later period than the one it ran in. */
    public boolean adjustment() {
        return !billingDay.equals(record.chargeDay());
    }

    public static StoredUsage of(Row row) {
        UsageRecord record = new UsageRecord(row.getString("event_id"), UsageRecord.Source.valueOf(row.getString("source")),
                row.getString("job_id"), row.getInteger("attempt"), row.getInteger("task"), row.getString("tenant"),
                row.getString("site"), row.getString("region"), row.getString("tier"), row.getString("node"),
                row.getString("gpu_model"), row.getOffsetDateTime("starts_at").toInstant(),
                row.getOffsetDateTime("ends_at").toInstant(), row.getBigDecimal("cpu_core_hours"),
                row.getBigDecimal("memory_gib_hours"), row.getBigDecimal("gpu_hours"), row.getBigDecimal("energy_kwh"),
                row.getBigDecimal("carbon_kg"), new UnitPrices(row.getBigDecimal("price_cpu_core"),
                        row.getBigDecimal("price_memory_gib"), row.getBigDecimal("price_gpu")),
                row.getString("currency"), row.getLong("list_cost_minor"), row.getLong("billed_cost_minor"),
                row.getLocalDate("charge_day"), row.getOffsetDateTime("recorded_at").toInstant());
        return new StoredUsage(record, row.getLocalDate("billing_day"));
    }
}
