package io.suanli.metering.domain;

import io.suanli.catalog.domain.UnitPrices;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A priced usage record: quantities, energy and carbon of one task over one interval, the unit
 * prices locked at commit, and its charges in integer minor units, rounded once.
 */
public record UsageRecord(
        String eventId,
        Source source,
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
        UnitPrices prices,
        String currency,
        long listCostMinor,
        long billedCostMinor,
        LocalDate chargeDay,
        Instant recordedAt) {

    /** Where a record came from: the service's own execution tracking, or a report from outside. */
    public enum Source { EXECUTION, REPORTED }
}
