package io.suanli.dashboard.model;

import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.rest.JobView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The job view: the job, its lifecycle, its plan, where its placement explanation lives, and the
 * usage metered so far with its charges.
 */
public record JobDetail(JobView job, List<JobEvent> events, Plan plan, Link explanation, Usage usage) {

    /** The job's plan: tentative while {@code committedAt} is null. Up to 200 tasks are listed. */
    public record Plan(
            int attempt, String site, String siteDisplayName, String region, Instant startsAt, Instant endsAt,
            BigDecimal hourlyPrice, BigDecimal quotedCost, double carbonKg, Instant plannedAt, Instant committedAt,
            String currency, List<PlanTask> tasks, int taskCount) {}

    /** One task's node and the unit prices it is charged at once committed. */
    public record PlanTask(int task, String node, String nodeState, BigDecimal priceCpuCore,
            BigDecimal priceMemoryGiB, BigDecimal priceGpu) {}

    /** Where a related resource is served, and by which feature. */
    public record Link(String href, String providedBy) {}

    /** The job's usage records so far, summed: quantities, energy, carbon and the billed charge. */
    public record Usage(int records, BigDecimal cpuCoreHours, BigDecimal memoryGiBHours, BigDecimal gpuHours,
            BigDecimal energyKWh, BigDecimal carbonKg, BigDecimal billedCost, String currency) {}
}
