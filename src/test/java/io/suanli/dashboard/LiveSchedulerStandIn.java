package io.suanli.dashboard;

import io.quarkus.vertx.VertxContextSupport;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.service.JobService;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes plans the way the live scheduler will (it is built on another branch): a {@code job_plan}
 * row with one {@code job_plan_task} row per task, priced from the nodes, and the job's state moved
 * through {@link JobService} so that the job event feed carries the change. Test data only.
 */
final class LiveSchedulerStandIn {

    private static final String INSERT_PLAN = """
            insert into job_plan (job_id, attempt, site, starts_at, ends_at, hourly_price, quoted_cost, carbon_kg, planned_at)
            select j.id, j.attempt, n.site, $2::timestamptz, $2::timestamptz + make_interval(hours => j.duration_hours),
                   j.tasks * (j.cpu_cores * n.price_cpu_core + j.memory_gib::numeric * n.price_memory_gib + j.gpus * n.price_gpu),
                   j.tasks * (j.cpu_cores * n.price_cpu_core + j.memory_gib::numeric * n.price_memory_gib + j.gpus * n.price_gpu)
                       * j.duration_hours,
                   j.tasks * (j.cpu_cores * n.power_cpu_core_watts + j.gpus * n.power_gpu_watts) / 1000.0 * j.duration_hours * 0.5,
                   $3::timestamptz
            from job j join node n on n.name = $4
            where j.id = $1
            on conflict (job_id) do update set site = excluded.site, starts_at = excluded.starts_at,
                ends_at = excluded.ends_at, hourly_price = excluded.hourly_price, quoted_cost = excluded.quoted_cost,
                carbon_kg = excluded.carbon_kg, planned_at = excluded.planned_at, committed_at = null
            """;

    private static final String INSERT_TASKS = """
            insert into job_plan_task (job_id, task, node, price_cpu_core, price_memory_gib, price_gpu)
            select $1, (t.ord - 1)::int, t.node, n.price_cpu_core, n.price_memory_gib, n.price_gpu
            from unnest($2::text[]) with ordinality as t(node, ord) join node n on n.name = t.node
            """;

    private final Pool pool;
    private final JobService jobs;

    LiveSchedulerStandIn(Pool pool, JobService jobs) {
        this.pool = pool;
        this.jobs = jobs;
    }

    /** A tentative plan: the job runs from {@code startsAt} on {@code nodes} (one per task); PLANNED. */
    void plan(String jobId, Instant startsAt, List<String> nodes, Instant now) throws Throwable {
        java.util.UUID id = java.util.UUID.fromString(jobId);
        pool.withTransaction(conn -> conn.preparedQuery("delete from job_plan_task where job_id = $1").execute(Tuple.of(id))
                .chain(() -> conn.preparedQuery(INSERT_PLAN).execute(Tuple.of(id, startsAt.atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC), nodes.get(0))))
                .chain(() -> conn.preparedQuery(INSERT_TASKS).execute(Tuple.of(id, nodes.toArray(String[]::new)))))
                .await().indefinitely();
        move(jobId, JobState.PLANNED, "tentative plan on " + nodes.get(0) + (nodes.size() > 1 ? " and " + (nodes.size() - 1) + " more" : ""));
    }

    /** Commits the plan (its start entered the freeze window): PLACED. */
    void commit(String jobId, Instant now) throws Throwable {
        pool.preparedQuery("update job_plan set committed_at = $2 where job_id = $1")
                .execute(Tuple.of(java.util.UUID.fromString(jobId), now.atOffset(ZoneOffset.UTC))).await().indefinitely();
        move(jobId, JobState.PLACED, "plan committed, budget hold taken");
    }

    void move(String jobId, JobState state, String reason) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> jobs.transition(jobId, state, reason));
    }

    /** The service's id of a tenant's job by its external id. */
    String jobId(String tenant, String externalId) {
        Row row = pool.preparedQuery("select id from job where tenant = $1 and external_id = $2")
                .execute(Tuple.of(tenant, externalId)).await().indefinitely().iterator().next();
        return row.getUUID("id").toString();
    }
}
