package io.suanli.dashboard.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The tenants and providers view, from what exists now: quotas, jobs by state, resources held by
 * plans, and quoted (not billed) cost of committed plans. Spend against budget, energy and
 * charges wait for metering and settlement; {@code pending} says so.
 */
public record TenantsOverview(
        String currency, List<TenantRow> tenants, List<ProviderRow> providers, List<String> pending) {

    /**
     * A tenant: quotas, jobs per state, GPUs and cores its plans hold now, GPU-hours and carbon of
     * its plans, and the quotes of its committed plans.
     */
    public record TenantRow(
            String name, String displayName, Integer gpuQuota, Integer cpuQuota, Map<String, Long> jobsByState,
            long gpusNow, long cpuCoresNow, double gpuHoursPlanned, double gpuHoursCommitted, double carbonKgPlanned,
            BigDecimal committedQuotes) {}

    /** A site as a provider: committed quotes of the plans it holds (revenue once settled) and their GPU-hours. */
    public record ProviderRow(String site, String displayName, String region, long committedJobs,
            BigDecimal committedQuotes, double gpuHoursCommitted) {}
}
