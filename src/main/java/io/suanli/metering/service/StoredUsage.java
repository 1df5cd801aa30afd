package io.suanli.metering.service;

import io.suanli.catalog.domain.UnitPrices;
import io.suanli.metering.domain.UsageRecord;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A stored usage record and the statement day it is billed in (its own day, or a later open one for late usage). */
public record StoredUsage(UsageRecord record, LocalDate billingDay) {

    /**
     * The columns {@link #of(Row)} reads, in this order at the start of the select list: readers of
     * a million rows read them by position (a lookup by name scans the column names every time).
     * Numerics come as text: the client parses numerics from text anyway, and the pull writes them
     * as strings without making a BigDecimal.
     */
    public static final String COLUMNS = "event_id, source, job_id::text as job_id, attempt, task, tenant, site, region, tier, node,"
            + " gpu_model, starts_at, ends_at, cpu_core_hours::text as cpu_core_hours, memory_gib_hours::text as memory_gib_hours,"
            + " gpu_hours::text as gpu_hours, energy_kwh::text as energy_kwh, carbon_kg::text as carbon_kg,"
            + " price_cpu_core::text as price_cpu_core, price_memory_gib::text as price_memory_gib, price_gpu::text as price_gpu,"
            + " currency, list_cost_minor, billed_cost_minor, charge_day, billing_day, recorded_at";

    /** Positions of {@link #COLUMNS}. */
    public static final int EVENT_ID = 0, SOURCE = 1, JOB_ID = 2, ATTEMPT = 3, TASK = 4, TENANT = 5, SITE = 6, REGION = 7,
            TIER = 8, NODE = 9, GPU_MODEL = 10, STARTS_AT = 11, ENDS_AT = 12, CPU_CORE_HOURS = 13, MEMORY_GIB_HOURS = 14,
            GPU_HOURS = 15, ENERGY_KWH = 16, CARBON_KG = 17, PRICE_CPU_CORE = 18, PRICE_MEMORY_GIB = 19, PRICE_GPU = 20,
            CURRENCY = 21, LIST_COST_MINOR = 22, BILLED_COST_MINOR = 23, CHARGE_DAY = 24, BILLING_DAY = 25, RECORDED_AT = 26;

    /** True when the record was billed in a later period than the one it ran in. */
    public boolean adjustment() {
        return !billingDay.equals(record.chargeDay());
    }

    /** A row that starts with {@link #COLUMNS}. */
    public static StoredUsage of(Row row) {
        UsageRecord record = new UsageRecord(row.getString(EVENT_ID), UsageRecord.Source.valueOf(row.getString(SOURCE)),
                row.getString(JOB_ID), row.getInteger(ATTEMPT), row.getInteger(TASK), row.getString(TENANT),
                row.getString(SITE), row.getString(REGION), row.getString(TIER), row.getString(NODE),
                row.getString(GPU_MODEL), row.getOffsetDateTime(STARTS_AT).toInstant(),
                row.getOffsetDateTime(ENDS_AT).toInstant(), decimal(row, CPU_CORE_HOURS),
                decimal(row, MEMORY_GIB_HOURS), decimal(row, GPU_HOURS), decimal(row, ENERGY_KWH),
                decimal(row, CARBON_KG), new UnitPrices(decimal(row, PRICE_CPU_CORE),
                        decimal(row, PRICE_MEMORY_GIB), decimal(row, PRICE_GPU)),
                row.getString(CURRENCY), row.getLong(LIST_COST_MINOR), row.getLong(BILLED_COST_MINOR),
                row.getLocalDate(CHARGE_DAY), row.getOffsetDateTime(RECORDED_AT).toInstant());
        return new StoredUsage(record, row.getLocalDate(BILLING_DAY));
    }

    private static BigDecimal decimal(Row row, int column) {
        return new BigDecimal(row.getString(column));
    }
}
