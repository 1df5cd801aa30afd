package io.suanli.settlement.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The regulator's view of a range: compute, energy, carbon and spend grouped by tenant, region,
 * tier or site, and the share of the work (by energy) that ran in western hubs (East Data West
 * Computing).
 */
public record UsageReportView(Instant from, Instant to, String by, String currency, List<Line> lines, Line total) {

    public record Line(String key, long records, BigDecimal cpuCoreHours, BigDecimal gpuHours, BigDecimal energyKWh,
            BigDecimal carbonKg, BigDecimal spend, BigDecimal westernShare) {}
}
