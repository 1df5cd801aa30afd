package io.suanli.dispatch.service;

import io.smallrye.mutiny.Uni;
import io.suanli.dispatch.DispatchConfig.ExecutorKind;
import io.suanli.dispatch.TaskRunEnded;
import io.suanli.dispatch.domain.Dispatch;
import io.suanli.dispatch.domain.DispatchOrder;
import io.suanli.dispatch.domain.DispatchOrder.TaskPlacement;
import io.suanli.dispatch.domain.FailureCause;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dispatch's SQL: reads committed plans (owned by scheduling, read-only here) and keeps its own
 * record of launched attempts and their tasks ({@code job_dispatch}, {@code job_dispatch_task}).
 */
@Singleton
public class DispatchStore {

    private final Pool pool;

    public DispatchStore(Pool pool) {
        this.pool = pool;
    }

    /** A placed job whose committed plan has started: its site, start and one node per task. */
    public record DueJob(String jobId, int attempt, String site, Instant startsAt, List<TaskPlacement> tasks) {}

    /** A launched attempt nothing has cleaned up yet, with the job's state now. */
    public record Open(Dispatch dispatch, ExecutorKind executor, String jobState, int jobAttempt) {}

    /** A task whose end was just recorded (by this call, not earlier). */
    public record ClosedTask(int task, String node, Instant startedAt, Instant endedAt, TaskRunEnded.Outcome outcome) {}

    /** How one task ended, to record. */
    public record TaskEnd(int task, Instant startedAt, Instant endedAt, TaskRunEnded.Outcome outcome) {}

    /**
     * Placed jobs (committed plan of their current attempt) whose start is at or before {@code now},
     * earliest first, leaving out the jobs in {@code except}.
     */
    public Uni<List<DueJob>> due(Instant now, int limit, List<String> except) {
        String jobs = "select j.id, j.attempt, p.site, p.starts_at from job j join job_plan p on p.job_id = j.id"
                + " where j.state = 'PLACED' and p.committed_at is not null and p.attempt = j.attempt and p.starts_at <= $1"
                + " and j.id <> all($3) order by p.starts_at, j.id limit $2";
        UUID[] skipped = except.stream().map(UUID::fromString).toArray(UUID[]::new);
        return pool.preparedQuery(jobs).execute(Tuple.of(at(now), limit, skipped)).chain(rows -> {
            Map<UUID, Row> byId = new LinkedHashMap<>();
            rows.forEach(r -> byId.put(r.getUUID("id"), r));
            if (byId.isEmpty()) {
                return Uni.createFrom().item(List.<DueJob>of());
            }
            return pool.preparedQuery("select job_id, task, node from job_plan_task where job_id = any($1) order by job_id, task")
                    .execute(Tuple.of(byId.keySet().toArray(UUID[]::new)))
                    .map(taskRows -> {
                        Map<UUID, List<TaskPlacement>> tasks = new LinkedHashMap<>();
                        taskRows.forEach(t -> tasks.computeIfAbsent(t.getUUID("job_id"), k -> new ArrayList<>())
                                .add(new TaskPlacement(t.getInteger("task"), t.getString("node"))));
                        List<DueJob> due = new ArrayList<>();
                        byId.forEach((id, r) -> due.add(new DueJob(id.toString(), r.getInteger("attempt"), r.getString("site"),
                                instant(r.getOffsetDateTime("starts_at")), tasks.getOrDefault(id, List.of()))));
                        return due;
                    });
        });
    }

    /**
     * Records that an attempt is being launched, before any object is created. A launch that is
     * repeated (a crashed pass) keeps its first record; an attempt whose record was already
     * cleaned up (it was taken back before it ran, and placed again) starts a fresh one.
     */
    public Uni<Dispatch> recordLaunch(DispatchOrder order, ExecutorKind executor, String namespace, Instant now) {
        UUID id = UUID.fromString(order.jobId());
        return pool.withTransaction(tx -> tx.preparedQuery("delete from job_dispatch where job_id = $1 and attempt = $2 and cleaned_at is not null")
                        .execute(Tuple.of(id, order.attempt()))
                        .chain(() -> tx.preparedQuery("insert into job_dispatch (job_id, attempt, tenant, site, executor, namespace,"
                                        + " wall_time_s, launched_at) values ($1, $2, $3, $4, $5, $6, $7, $8)"
                                        + " on conflict (job_id, attempt) do nothing")
                                .execute(Tuple.from(List.of(id, order.attempt(), order.tenant(), order.site(), executor.name(),
                                        namespace == null ? "" : namespace, order.wallTime().toSeconds(), at(now)))))
                        .chain(() -> tx.preparedQuery("insert into job_dispatch_task (job_id, attempt, task, node)"
                                        + " select $1, $2, t, n from unnest($3::int[], $4::text[]) as u(t, n)"
                                        + " on conflict do nothing")
                                .execute(Tuple.of(id, order.attempt(),
                                        order.tasks().stream().map(TaskPlacement::task).toArray(Integer[]::new),
                                        order.tasks().stream().map(TaskPlacement::node).toArray(String[]::new))))
                        .chain(() -> open(tx, "d.job_id = $1 and d.attempt = $2", Tuple.of(id, order.attempt()))))
                .map(list -> list.get(0).dispatch());
    }

    /** Every attempt not cleaned up yet, with its job's current state and attempt. */
    public Uni<List<Open>> open() {
        return open(pool, "d.cleaned_at is null", Tuple.tuple());
    }

    private static Uni<List<Open>> open(SqlClient client, String where, Tuple params) {
        String sql = "select d.job_id, d.attempt, d.tenant, d.site, d.executor, d.namespace, d.wall_time_s, d.launched_at,"
                + " d.running_at, j.state, j.attempt as job_attempt, t.task, t.node, t.started_at, t.ended_at"
                + " from job_dispatch d join job j on j.id = d.job_id"
                + " join job_dispatch_task t on t.job_id = d.job_id and t.attempt = d.attempt"
                + " where " + where + " order by d.job_id, d.attempt, t.task";
        return client.preparedQuery(sql).execute(params).map(rows -> {
            List<Open> open = new ArrayList<>();
            List<Row> group = new ArrayList<>();
            for (Row r : rows) {
                if (!group.isEmpty() && !(group.get(0).getUUID("job_id").equals(r.getUUID("job_id"))
                        && group.get(0).getInteger("attempt").equals(r.getInteger("attempt")))) {
                    open.add(toOpen(group));
                    group = new ArrayList<>();
                }
                group.add(r);
            }
            if (!group.isEmpty()) {
                open.add(toOpen(group));
            }
            return open;
        });
    }

    private static Open toOpen(List<Row> rows) {
        Row d = rows.get(0);
        List<Dispatch.DispatchedTask> tasks = rows.stream().map(t -> new Dispatch.DispatchedTask(t.getInteger("task"),
                t.getString("node"), instant(t.getOffsetDateTime("started_at")), instant(t.getOffsetDateTime("ended_at")))).toList();
        String namespace = d.getString("namespace");
        Dispatch dispatch = new Dispatch(d.getUUID("job_id").toString(), d.getString("tenant"), d.getInteger("attempt"),
                d.getString("site"), namespace == null || namespace.isEmpty() ? null : namespace,
                Duration.ofSeconds(d.getLong("wall_time_s")), instant(d.getOffsetDateTime("launched_at")),
                instant(d.getOffsetDateTime("running_at")), tasks);
        return new Open(dispatch, ExecutorKind.valueOf(d.getString("executor")), d.getString("state"), d.getInteger("job_attempt"));
    }

    /** Records when tasks were first seen running; times already recorded stay. */
    public Uni<Void> tasksStarted(Dispatch d, Map<Integer, Instant> startedAt) {
        if (startedAt.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("update job_dispatch_task t set started_at = u.s from unnest($3::int[], $4::timestamptz[]) as u(k, s)"
                        + " where t.job_id = $1 and t.attempt = $2 and t.task = u.k and t.started_at is null")
                .execute(Tuple.of(UUID.fromString(d.jobId()), d.attempt(), startedAt.keySet().toArray(Integer[]::new),
                        startedAt.values().stream().map(DispatchStore::at).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> running(Dispatch d, Instant at) {
        return pool.preparedQuery("update job_dispatch set running_at = coalesce(running_at, $3) where job_id = $1 and attempt = $2")
                .execute(Tuple.of(UUID.fromString(d.jobId()), d.attempt(), at(at))).replaceWithVoid();
    }

    /**
     * Records how tasks ended, for tasks whose end is not recorded yet, and returns exactly those:
     * a task's end is recorded once, so its TaskRunEnded is fired once.
     */
    public Uni<List<ClosedTask>> closeTasks(Dispatch d, List<TaskEnd> ends) {
        if (ends.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String sql = "update job_dispatch_task t set ended_at = u.e, outcome = u.o, started_at = coalesce(t.started_at, u.s)"
                + " from unnest($3::int[], $4::timestamptz[], $5::timestamptz[], $6::text[]) as u(k, s, e, o)"
                + " where t.job_id = $1 and t.attempt = $2 and t.task = u.k and t.ended_at is null"
                + " returning t.task, t.node, t.started_at, t.ended_at, t.outcome";
        Tuple params = Tuple.of(UUID.fromString(d.jobId()), d.attempt(),
                ends.stream().map(TaskEnd::task).toArray(Integer[]::new),
                ends.stream().map(e -> at(e.startedAt())).toArray(OffsetDateTime[]::new),
                ends.stream().map(e -> at(e.endedAt())).toArray(OffsetDateTime[]::new));
        params.addValue(ends.stream().map(e -> e.outcome().name()).toArray(String[]::new));
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<ClosedTask> closed = new ArrayList<>();
            rows.forEach(r -> closed.add(new ClosedTask(r.getInteger("task"), r.getString("node"),
                    instant(r.getOffsetDateTime("started_at")), instant(r.getOffsetDateTime("ended_at")),
                    TaskRunEnded.Outcome.valueOf(r.getString("outcome")))));
            closed.sort(java.util.Comparator.comparingInt(ClosedTask::task));
            return closed;
        });
    }

    /**
     * Records who caused the attempt's failure, before the job is marked FAILED (so a pass that
     * crashes in between leaves it recorded); the first verdict stays.
     */
    public Uni<Void> failureCause(Dispatch d, FailureCause cause) {
        return pool.preparedQuery("update job_dispatch set failure_cause = coalesce(failure_cause, $3) where job_id = $1 and attempt = $2")
                .execute(Tuple.of(UUID.fromString(d.jobId()), d.attempt(), cause == null ? null : cause.name()))
                .replaceWithVoid();
    }

    /** Records the attempt's end; {@code cleaned} when nothing of it runs any more. */
    public Uni<Void> ended(Dispatch d, String outcome, Instant at, boolean cleaned) {
        return pool.preparedQuery("update job_dispatch set ended_at = coalesce(ended_at, $3), outcome = coalesce(outcome, $4),"
                        + " cleaned_at = case when $5 then $3 else cleaned_at end where job_id = $1 and attempt = $2")
                .execute(Tuple.from(List.of(UUID.fromString(d.jobId()), d.attempt(), at(at), outcome, cleaned)))
                .replaceWithVoid();
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
