package io.suanli.dashboard.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The tenants and providers view. Per department: quotas, jobs by state, resources its plans hold,
 * its budget from the ledger (topped up, spent, held, available) and, per day of the exchange's
 * time zone, what it spent (ledger captures) and used (metered GPU-hours, energy, carbon). Per site
 * (provider): revenue from the ledger, per day and in total, and its metered usage. Every series
 * has one value per entry of {@code days}, oldest first.
 */
public record TenantsOverview(String currency, String timeZone, List<LocalDate> days, List<TenantRow> tenants,
        List<ProviderRow> providers) {

    /**
     * A tenant: quotas, jobs per state, GPUs and cores its plans hold now, GPU-hours and carbon of
     * its plans, the quotes of its committed plans, its budget and its series.
     */
    public record TenantRow(
            String name, String displayName, Integer gpuQuota, Integer cpuQuota, Map<String, Long> jobsByState,
            long gpusNow, long cpuCoresNow, double gpuHoursPlanned, double gpuHoursCommitted, double carbonKgPlanned,
            BigDecimal committedQuotes, Budget budget, Usage usage) {}

    /**
     * A tenant's budget in the ledger: what operators topped up, what was spent (usage captured,
     * net of refunds and corrections), what committed jobs hold and what is still available.
     * {@code toppedUp = spent + held + available}. Not enforced: never topped up, so not limited
     * (available goes below zero by what was held and spent).
     */
    public record Budget(boolean enforced, BigDecimal toppedUp, BigDecimal spent, BigDecimal held, BigDecimal available) {}

    /** Per day: spend (ledger captures, in the currency), GPU-hours, energy (kWh) and carbon (kg CO₂e) metered. */
    public record Usage(List<BigDecimal> spend, List<BigDecimal> gpuHours, List<BigDecimal> energyKWh, List<BigDecimal> carbonKg) {}

    /**
     * A site as a provider: what the exchange owes it (ledger revenue after platform fees) in total
     * and per day, its metered GPU-hours and energy per day, and the committed plans it holds.
     */
    public record ProviderRow(String site, String displayName, String region, BigDecimal revenue, List<BigDecimal> revenueByDay,
            List<BigDecimal> gpuHours, List<BigDecimal> energyKWh, long committedJobs, BigDecimal committedQuotes,
            double gpuHoursCommitted) {}
}
