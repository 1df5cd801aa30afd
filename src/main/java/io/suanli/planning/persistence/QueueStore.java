package io.suanli.planning.persistence;

import io.smallrye.mutiny.Uni;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobState;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.LivePlan;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the queue for the live scheduler: every unfinished job with its plan, jobs by id, and
 * the ids of jobs whose state changed since a position of the job event feed.
 */
@Singleton
public class QueueStore {

    static final String ACTIVE_STATES = "('QUEUED','PLANNED','PLACED','DISPATCHED','RUNNING')";
    private static final String SELECT = "select j.id, j.tenant, j.state, j.attempt, j.tasks, j.cpu_cores, j.memory_gib, j.gpus,"
            + " j.gpu_model, j.duration_hours, j.earliest_start, j.deadline, j.priority, j.data_site, j.max_latency_ms,"
            + " j.allowed_regions, j.max_price_per_hour, j.submitted_at, j.reason,"
            + " p.site, p.starts_at, p.ends_at, p.committed_at, p.attempt as plan_attempt,"
            + " (select array_agg(t.node order by t.task) from job_plan_task t where t.job_id = j.id) as nodes"
            + " from job j left join job_plan p on p.job_id = j.id";

    private final Pool pool;
    private final CommitOrderedFeed feed;

    public QueueStore(Pool pool, CommitOrderedFeed feed) {
        this.pool = pool;
        this.feed = feed;
    }

    /** The last position of the feed that no running transaction can still write behind. */
    public Uni<FeedPosition> feedHead() {
        return pool.query("select tx::text as tx, id from job_event where tx < pg_snapshot_xmin(pg_current_snapshot())"
                + " order by tx desc, id desc limit 1").execute().map(rows -> {
                    for (Row r : rows) {
                        return new FeedPosition(Long.parseLong(r.getString("tx")), r.getLong("id"));
                    }
                    return FeedPosition.START;
                });
    }

    /** Every job that has not ended. */
    public Uni<List<LiveJob>> active() {
        return pool.query(SELECT + " where j.state in " + ACTIVE_STATES).execute().map(QueueStore::jobs);
    }

    /** The jobs with these ids, in whatever state they are. */
    public Uni<List<LiveJob>> byIds(Set<UUID> ids) {
        return pool.preparedQuery(SELECT + " where j.id = any($1)").execute(Tuple.of(ids.toArray(new UUID[0])))
                .map(QueueStore::jobs);
    }

    /**
     * Jobs just submitted (QUEUED with the reason they were accepted with: the planner gives every
     * job it has seen a plan or another reason), at most {@code limit}: the planner's fast intake.
     * The feed brings every change too, but it reads only below the oldest running transaction.
     */
    public Uni<List<LiveJob>> justSubmitted(int limit) {
        return pool.preparedQuery(SELECT + " where j.state = 'QUEUED' and j.reason = $1 limit $2")
                .execute(Tuple.of(Job.SUBMITTED, limit)).map(QueueStore::jobs);
    }

    /** Ids of jobs with an event after {@code after} other than the planner's own, and the position to read on from. */
    public Uni<CommitOrderedFeed.Page<UUID>> changedSince(FeedPosition after, int limit) {
        // PLANNED and PLACED events are the planner's own writes, already in its queue: reading them
        // back cost the cycle about 0.4 s under steady load (docs/benchmarks-live.md).
        return feed.read("job_event", "job_id", "state not in ('PLANNED', 'PLACED')", List.of(), after, limit,
                r -> r.getUUID("job_id"));
    }

    /** A stored plan's figures: where, when, price per hour, quote and carbon; committed or tentative. */
    public record PlanFigures(String site, Instant startsAt, Instant endsAt, List<String> nodes, java.math.BigDecimal hourlyPrice,
            java.math.BigDecimal quotedCost, double carbonKg, boolean committed) {}

    /** The job's stored plan, or null. */
    public Uni<PlanFigures> planFigures(UUID job) {
        return pool.preparedQuery("select p.site, p.starts_at, p.ends_at, p.hourly_price, p.quoted_cost, p.carbon_kg, p.committed_at,"
                + " (select array_agg(t.node order by t.task) from job_plan_task t where t.job_id = p.job_id) as nodes"
                + " from job_plan p where p.job_id = $1").execute(Tuple.of(job)).map(rows -> {
                    for (Row r : rows) {
                        String[] nodes = r.getArrayOfStrings("nodes");
                        return new PlanFigures(r.getString("site"), instant(r.getOffsetDateTime("starts_at")),
                                instant(r.getOffsetDateTime("ends_at")), nodes == null ? List.of() : List.of(nodes),
                                r.getBigDecimal("hourly_price"), r.getBigDecimal("quoted_cost"), r.getDouble("carbon_kg"),
                                r.getOffsetDateTime("committed_at") != null);
                    }
                    return null;
                });
    }

    private static List<LiveJob> jobs(Iterable<Row> rows) {
        List<LiveJob> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(job(r));
        }
        return out;
    }

    private static LiveJob job(Row r) {
        JobState state = JobState.valueOf(r.getString("state"));
        int attempt = r.getInteger("attempt");
        LivePlan plan = null;
        String[] nodes = r.getArrayOfStrings("nodes");
        Integer planAttempt = r.getInteger("plan_attempt");
        // A plan of an earlier attempt (before a retry), or any plan of a job back in the queue, is history.
        if (nodes != null && planAttempt != null && planAttempt == attempt && state != JobState.QUEUED) {
            plan = new LivePlan(r.getString("site"), instant(r.getOffsetDateTime("starts_at")),
                    instant(r.getOffsetDateTime("ends_at")), List.of(nodes), r.getOffsetDateTime("committed_at") != null);
        }
        String[] regions = r.getArrayOfStrings("allowed_regions");
        return new LiveJob(r.getUUID("id"), r.getString("tenant"), state, attempt, r.getInteger("tasks"),
                r.getInteger("cpu_cores"), r.getDouble("memory_gib"), r.getInteger("gpus"), r.getString("gpu_model"),
                r.getInteger("duration_hours"), instant(r.getOffsetDateTime("earliest_start")),
                instant(r.getOffsetDateTime("deadline")), r.getInteger("priority"), r.getString("data_site"),
                r.getDouble("max_latency_ms"), regions == null || regions.length == 0 ? null : Arrays.asList(regions),
                r.getBigDecimal("max_price_per_hour"), instant(r.getOffsetDateTime("submitted_at")), r.getString("reason"), plan);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
