package io.suanli.dashboard.model;

import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.rest.JobView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The job view: the job, its lifecycle, its plan, where its placement explanation lives, and a
 * usage section that stays empty until metering and settlement exist (never invented figures).
 */
public record JobDetail(JobView job, List<JobEvent> events, Plan plan, Link explanation, Pending usage) {

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

    /** A section whose data another feature will provide; {@code note} says which. */
    public record Pending(String status, String note) {}
}
