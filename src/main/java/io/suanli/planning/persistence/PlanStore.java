package io.suanli.planning.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes tentative plans in batches, one transaction per batch: plan rows replace the old ones,
 * waiting jobs move QUEUED → PLANNED or back with their events, and unplaced jobs keep a reason.
 * Every statement re-checks the job's state, so a job cancelled meanwhile is left alone.
 */
@Singleton
public class PlanStore {

    /** A tentative plan to store: one node per task. */
    public record PlanRow(UUID job, String site, Instant startsAt, Instant endsAt, double carbonKg, List<String> nodes) {}

    /** A waiting job without a plan and why. */
    public record Unplaced(UUID job, String reason) {}

    static final String PLANNED_REASON = "planned";

    private final Pool pool;

    public PlanStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores {@code plans} (jobs QUEUED or PLANNED), takes the plans of {@code unplanned} PLANNED jobs
     * back (they return to QUEUED) and sets the reason of {@code waiting} QUEUED jobs.
     */
    public Uni<Void> write(List<PlanRow> plans, List<Unplaced> unplanned, List<Unplaced> waiting, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return pool.withTransaction(conn -> deletePlans(conn, plans, unplanned)
                .chain(() -> insertPlans(conn, plans, at))
                .chain(() -> markPlanned(conn, plans, at))
                .chain(() -> unplan(conn, unplanned, at))
                .chain(() -> reasons(conn, waiting)));
    }

    /**
     * Committed jobs not yet dispatched whose node left service go back to the queue: locked
     * first, so a dispatch that got there before wins and the job stays where it runs.
     */
    public Uni<Void> requeuePlaced(List<Unplaced> jobs, Instant now) {
        if (jobs.isEmpty()) return Uni.createFrom().voidItem();
        UUID[] ids = jobs.stream().map(Unplaced::job).toArray(UUID[]::new);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn.preparedQuery("select id from job where id = any($1) and state = 'PLACED' for update")
                .execute(Tuple.of(ids))
                .chain(() -> conn.preparedQuery("delete from job_plan p using job j where j.id = p.job_id and p.job_id = any($1)"
                        + " and j.state = 'PLACED'").execute(Tuple.of(ids)))
                .chain(() -> conn.preparedQuery(JobMoves.BACK_TO_QUEUE).execute(Tuple.tuple().addArrayOfUUID(ids)
                        .addArrayOfString(jobs.stream().map(Unplaced::reason).toArray(String[]::new))
                        .addOffsetDateTime(at).addString("PLACED")))
                .replaceWithVoid());
    }

    /** Deletes tentative plans left behind by jobs that have ended or gone back to the queue. */
    public Uni<Void> deleteStaleTentativePlans() {
        return pool.query("delete from job_plan p using job j where j.id = p.job_id and p.committed_at is null"
                + " and j.state not in ('PLANNED')").execute().replaceWithVoid();
    }

    /** {@link #deleteStaleTentativePlans()} for these jobs only: what the planner does as jobs end (a pass over every plan each time was too dear). */
    public Uni<Void> deleteStaleTentativePlans(Set<UUID> jobs) {
        if (jobs.isEmpty()) return Uni.createFrom().voidItem();
        return pool.preparedQuery("delete from job_plan p using job j where j.id = p.job_id and p.committed_at is null"
                + " and j.state not in ('PLANNED') and p.job_id = any($1)").execute(Tuple.of(jobs.toArray(new UUID[0]))).replaceWithVoid();
    }

    private static Uni<Void> deletePlans(SqlConnection conn, List<PlanRow> plans, List<Unplaced> unplanned) {
        UUID[] ids = new UUID[plans.size() + unplanned.size()];
        int i = 0;
        for (PlanRow p : plans) ids[i++] = p.job();
        for (Unplaced u : unplanned) ids[i++] = u.job();
        if (ids.length == 0) return Uni.createFrom().voidItem();
        return conn.preparedQuery("delete from job_plan p using job j where j.id = p.job_id and p.job_id = any($1)"
                + " and j.state in ('QUEUED', 'PLANNED')").execute(Tuple.of(ids)).replaceWithVoid();
    }

    private static Uni<Void> insertPlans(SqlConnection conn, List<PlanRow> plans, OffsetDateTime at) {
        if (plans.isEmpty()) return Uni.createFrom().voidItem();
        int n = plans.size(), tasks = 0;
        for (PlanRow p : plans) tasks += p.nodes().size();
        UUID[] ids = new UUID[n];
        String[] sites = new String[n];
        OffsetDateTime[] starts = new OffsetDateTime[n], ends = new OffsetDateTime[n];
        Double[] carbon = new Double[n];
        UUID[] taskJobs = new UUID[tasks];
        Integer[] taskNumbers = new Integer[tasks];
        String[] taskNodes = new String[tasks];
        int t = 0;
        for (int i = 0; i < n; i++) {
            PlanRow p = plans.get(i);
            ids[i] = p.job();
            sites[i] = p.site();
            starts[i] = p.startsAt().atOffset(ZoneOffset.UTC);
            ends[i] = p.endsAt().atOffset(ZoneOffset.UTC);
            carbon[i] = p.carbonKg();
            for (int k = 0; k < p.nodes().size(); k++) {
                taskJobs[t] = p.job();
                taskNumbers[t] = k;
                taskNodes[t++] = p.nodes().get(k);
            }
        }
        Tuple planParams = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(sites).addArrayOfOffsetDateTime(starts)
                .addArrayOfOffsetDateTime(ends).addArrayOfDouble(carbon).addOffsetDateTime(at);
        return conn.preparedQuery("insert into job_plan (job_id, attempt, site, starts_at, ends_at, hourly_price, quoted_cost,"
                        + " carbon_kg, planned_at) select u.id, j.attempt, u.site, u.s, u.e, 0, 0, greatest(u.c, 0), $6"
                        + " from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::float8[]) as u(id, site, s, e, c)"
                        + " join job j on j.id = u.id and j.state in ('QUEUED', 'PLANNED')")
                .execute(planParams)
                .chain(() -> conn.preparedQuery("insert into job_plan_task (job_id, task, node, price_cpu_core, price_memory_gib, price_gpu)"
                                + " select u.id, u.task, u.node, n.price_cpu_core, n.price_memory_gib, n.price_gpu"
                                + " from unnest($1::uuid[], $2::int[], $3::text[]) as u(id, task, node)"
                                + " join job_plan p on p.job_id = u.id and p.committed_at is null join node n on n.name = u.node")
                        .execute(Tuple.tuple().addArrayOfUUID(taskJobs).addArrayOfInteger(taskNumbers).addArrayOfString(taskNodes)))
                .chain(() -> conn.preparedQuery(PlanPricing.REPRICE_TENTATIVE).execute(Tuple.of(ids)))
                .replaceWithVoid();
    }

    private static Uni<Void> markPlanned(SqlConnection conn, List<PlanRow> plans, OffsetDateTime at) {
        if (plans.isEmpty()) return Uni.createFrom().voidItem();
        UUID[] ids = plans.stream().map(PlanRow::job).toArray(UUID[]::new);
        return conn.preparedQuery("with moved as (update job set state = 'PLANNED', reason = $2,"
                        + " last_event_seq = last_event_seq + 1, updated_at = $3"
                        + " where id = any($1) and state = 'QUEUED' and exists (select 1 from job_plan p where p.job_id = job.id)"
                        + " returning id, last_event_seq)"
                        + " insert into job_event (id, job_id, seq, state, at, reason)"
                        + " select nextval('job_event_seq'), id, last_event_seq, 'PLANNED', $3, $2 from moved")
                .execute(Tuple.of(ids, PLANNED_REASON, at)).replaceWithVoid();
    }

    private static Uni<Void> unplan(SqlConnection conn, List<Unplaced> unplanned, OffsetDateTime at) {
        if (unplanned.isEmpty()) return Uni.createFrom().voidItem();
        return conn.preparedQuery(JobMoves.BACK_TO_QUEUE)
                .execute(Tuple.tuple().addArrayOfUUID(unplanned.stream().map(Unplaced::job).toArray(UUID[]::new))
                        .addArrayOfString(unplanned.stream().map(Unplaced::reason).toArray(String[]::new))
                        .addOffsetDateTime(at).addString("PLANNED"))
                .replaceWithVoid();
    }

    private static Uni<Void> reasons(SqlConnection conn, List<Unplaced> waiting) {
        if (waiting.isEmpty()) return Uni.createFrom().voidItem();
        return conn.preparedQuery("update job set reason = u.r from unnest($1::uuid[], $2::text[]) as u(id, r)"
                        + " where job.id = u.id and job.state = 'QUEUED' and job.reason is distinct from u.r")
                .execute(Tuple.tuple().addArrayOfUUID(waiting.stream().map(Unplaced::job).toArray(UUID[]::new))
                        .addArrayOfString(waiting.stream().map(Unplaced::reason).toArray(String[]::new)))
                .replaceWithVoid();
    }
}
