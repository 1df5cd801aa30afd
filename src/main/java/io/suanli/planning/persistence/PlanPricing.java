package io.suanli.planning.persistence;

/**
 * The price of a plan from its tasks' unit prices, in PostgreSQL numeric arithmetic (exact):
 * hourly price = the sum over tasks of cores x core price + GiB x GiB price + GPUs x GPU price,
 * rounded once to 6 decimals; quote = hourly price x wall-time hours.
 */
final class PlanPricing {
    private PlanPricing() {}

    /** Re-prices the tentative plans of the jobs in {@code $1}. */
    static final String REPRICE_TENTATIVE = "update job_plan p set hourly_price = s.h, quoted_cost = round(s.h * s.d, 6)"
            + " from (select t.job_id, round(sum(j.cpu_cores * t.price_cpu_core + j.memory_gib::numeric * t.price_memory_gib"
            + " + j.gpus * t.price_gpu), 6) as h, max(j.duration_hours) as d"
            + " from job_plan_task t join job j on j.id = t.job_id where t.job_id = any($1) group by t.job_id) s"
            + " where p.job_id = s.job_id and p.committed_at is null";
}
