package io.suanli.planning.persistence;

import io.smallrye.mutiny.Uni;
import io.suanli.planning.config.PlannerConfig;
import io.suanli.planning.domain.CommitCheck;
import io.suanli.planning.service.CommitHold;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import io.suanli.common.persistence.SessionSql;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one path by which a plan becomes PLACED. In one PostgreSQL transaction, serialised with
 * every other commit by a transaction-level advisory lock: lock the jobs that are still PLANNED,
 * re-check that each plan still holds (nodes UP, capacity free on every node against committed
 * and running work and against the plans accepted before it in this batch), take the budget hold
 * if settlement offers one, then fix the unit prices, price the quote, set {@code committed_at}
 * and move the job to PLACED. A plan that no longer holds sends its job back to the queue with
 * the reason. Runs in a Hibernate Reactive session so that the hold joins the transaction; its own
 * statements are plain SQL on the session's connection ({@link SessionSql}: Hibernate's native
 * queries filled its plan cache with a copy per call).
 */
@Singleton
public class PlanCommitter {

    /** What a commit did: jobs placed and jobs sent back with why. */
    public record Outcome(List<UUID> placed, Map<UUID, String> refused) {}

    private final Mutiny.SessionFactory sessions;
    private final Instance<CommitHold> holds;
    private final long lockKey;

    public PlanCommitter(Mutiny.SessionFactory sessions, Instance<CommitHold> holds, PlannerConfig config) {
        this.sessions = sessions;
        this.holds = holds;
        this.lockKey = config.lockKey() + 1;
    }

    /** A plan due for commit, as read under lock. */
    private record Due(UUID id, String tenant, int priority, int durationHours, CommitCheck.Candidate candidate) {}

    /** Commits the plans of these jobs that are still PLANNED; others are skipped. */
    public Uni<Outcome> commit(Collection<UUID> jobIds, Instant now) {
        if (jobIds.isEmpty()) return Uni.createFrom().item(new Outcome(List.of(), Map.of()));
        String ids = PgArrays.uuids(jobIds);
        return sessions.withTransaction(session -> SessionSql.select(session,
                        "select cast(count(*) as text) from (select pg_advisory_xact_lock(" + lockKey + ")) as l")
                .chain(ignored -> SessionSql.select(session, "select cast(j.id as text), j.tenant, cast(j.priority as text),"
                                + " cast(j.duration_hours as text), cast(j.cpu_cores as text), cast(j.memory_gib as text), cast(j.gpus as text),"
                                + " cast(extract(epoch from p.starts_at) as text), cast(extract(epoch from p.ends_at) as text),"
                                + " array_to_string(array(select t.node from job_plan_task t where t.job_id = j.id order by t.task), ',')"
                                + " from job j join job_plan p on p.job_id = j.id"
                                + " where j.id = any(cast(cast($1 as text) as uuid[])) and j.state = 'PLANNED' and p.committed_at is null"
                                + " and p.attempt = j.attempt for update of j", ids))
                .chain(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Object[] r : rows) due.add(due(r));
                    if (due.isEmpty()) return Uni.createFrom().item(new Outcome(List.of(), Map.of()));
                    return check(session, due).chain(refused -> holdAndPlace(session, due, refused, now));
                }));
    }

    private static Due due(Object[] r) {
        long start = (long) Double.parseDouble((String) r[7]);
        long end = (long) Double.parseDouble((String) r[8]);
        List<String> nodes = List.of(((String) r[9]).split(","));
        CommitCheck.Candidate c = new CommitCheck.Candidate((String) r[0], nodes, start, end, Integer.parseInt((String) r[4]),
                Double.parseDouble((String) r[5]), Integer.parseInt((String) r[6]));
        return new Due(UUID.fromString((String) r[0]), (String) r[1], Integer.parseInt((String) r[2]), Integer.parseInt((String) r[3]), c);
    }

    /** Re-checks every plan against the nodes and the committed work now; returns the refused ones with why. */
    private Uni<Map<UUID, String>> check(Mutiny.Session session, List<Due> due) {
        Set<String> nodeNames = new LinkedHashSet<>();
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
        for (Due d : due) {
            nodeNames.addAll(d.candidate().nodes());
            from = Math.min(from, d.candidate().start());
            to = Math.max(to, d.candidate().end());
        }
        String nodes = PgArrays.texts(nodeNames);
        long windowFrom = from, windowTo = to;
        return SessionSql.select(session, "select name, state, cast(cpu_cores as text), cast(memory_gib as text), cast(gpus as text)"
                        + " from node where name = any(cast(cast($1 as text) as text[]))", nodes)
                .chain(nodeRows -> SessionSql.select(session, "select t.node, cast(extract(epoch from p.starts_at) as text),"
                                + " cast(extract(epoch from p.ends_at) as text), cast(j.cpu_cores as text), cast(j.memory_gib as text),"
                                + " cast(j.gpus as text) from job_plan_task t join job_plan p on p.job_id = t.job_id join job j on j.id = p.job_id"
                                + " where t.node = any(cast(cast($1 as text) as text[])) and p.committed_at is not null"
                                + " and j.state in ('PLACED', 'DISPATCHED', 'RUNNING')"
                                + " and p.ends_at > to_timestamp(cast(cast($2 as text) as double precision)) and p.starts_at < to_timestamp(cast(cast($3 as text) as double precision))", nodes, Long.toString(windowFrom), Long.toString(windowTo))
                        .map(useRows -> {
                            List<CommitCheck.NodeNow> now = new ArrayList<>();
                            for (Object[] r : nodeRows) {
                                now.add(new CommitCheck.NodeNow((String) r[0], "UP".equals(r[1]), Integer.parseInt((String) r[2]),
                                        Double.parseDouble((String) r[3]), Integer.parseInt((String) r[4])));
                            }
                            List<CommitCheck.Use> uses = new ArrayList<>();
                            for (Object[] r : useRows) {
                                uses.add(new CommitCheck.Use((String) r[0], (long) Double.parseDouble((String) r[1]),
                                        (long) Double.parseDouble((String) r[2]), Integer.parseInt((String) r[3]),
                                        Double.parseDouble((String) r[4]), Integer.parseInt((String) r[5]), 1));
                            }
                            CommitCheck check = new CommitCheck(now, uses);
                            Map<UUID, String> refused = new LinkedHashMap<>();
                            due.sort(Comparator.comparingInt(Due::priority).reversed().thenComparing(d -> d.candidate().start()));
                            for (Due d : due) {
                                String why = check.accept(d.candidate());
                                if (why != null) refused.put(d.id(), "plan no longer holds: " + why);
                            }
                            return refused;
                        }));
    }

    /** Takes the budget holds one by one (in the transaction), then writes the outcome in a few statements. */
    private Uni<Outcome> holdAndPlace(Mutiny.Session session, List<Due> due, Map<UUID, String> refused, Instant now) {
        List<Due> accepted = due.stream().filter(d -> !refused.containsKey(d.id())).toList();
        String acceptedIds = PgArrays.uuids(accepted.stream().map(Due::id).toList());
        Uni<Void> chain = SessionSql.update(session, "update job_plan_task t set price_cpu_core = n.price_cpu_core,"
                        + " price_memory_gib = n.price_memory_gib, price_gpu = n.price_gpu from node n"
                        + " where n.name = t.node and t.job_id = any(cast(cast($1 as text) as uuid[]))", acceptedIds).replaceWithVoid();
        chain = chain.chain(() -> SessionSql.update(session, "update job_plan p set hourly_price = s.h, quoted_cost = round(s.h * s.d, 6)"
                        + " from (select t.job_id, round(sum(j.cpu_cores * t.price_cpu_core + cast(j.memory_gib as numeric) * t.price_memory_gib"
                        + " + j.gpus * t.price_gpu), 6) as h, max(j.duration_hours) as d"
                        + " from job_plan_task t join job j on j.id = t.job_id where t.job_id = any(cast(cast($1 as text) as uuid[])) group by t.job_id) s"
                        + " where p.job_id = s.job_id", acceptedIds).replaceWithVoid());
        if (holds.isResolvable() && !accepted.isEmpty()) {
            CommitHold hold = holds.get();
            // In the order of the check (priority first): when a budget runs short, the lower priority job waits.
            chain = chain.chain(() -> SessionSql.select(session, "select cast(job_id as text), cast(quoted_cost as text) from job_plan"
                                    + " where job_id = any(cast(cast($1 as text) as uuid[]))", acceptedIds))
                    .chain(quotes -> {
                        Map<UUID, BigDecimal> quoted = new HashMap<>();
                        for (Object[] q : quotes) {
                            quoted.put(UUID.fromString((String) q[0]), new BigDecimal((String) q[1]).setScale(6, RoundingMode.UNNECESSARY));
                        }
                        return hold.holdAll(session, accepted.stream()
                                .map(d -> new CommitHold.Request(d.id(), d.tenant(), quoted.get(d.id()))).toList());
                    })
                    .invoke(results -> results.forEach((id, result) -> {
                        if (!result.held()) refused.put(id, CommitHold.INSUFFICIENT_BUDGET);
                    }))
                    .replaceWithVoid();
        }
        String at = now.toString();
        return chain.chain(() -> {
            List<UUID> placed = accepted.stream().map(Due::id).filter(id -> !refused.containsKey(id)).toList();
            String placedIds = PgArrays.uuids(placed);
            Uni<Void> writes = SessionSql.update(session, "update job_plan set committed_at = cast(cast($1 as text) as timestamptz)"
                            + " where job_id = any(cast(cast($2 as text) as uuid[]))", at, placedIds)
                    .chain(() -> SessionSql.update(session, "with moved as (update job set state = 'PLACED', reason = 'committed',"
                                    + " last_event_seq = last_event_seq + 1, updated_at = cast(cast($1 as text) as timestamptz)"
                                    + " where id = any(cast(cast($2 as text) as uuid[])) and state = 'PLANNED' returning id, last_event_seq)"
                                    + " insert into job_event (id, job_id, seq, state, at, reason)"
                                    + " select nextval('job_event_seq'), id, last_event_seq, 'PLACED', cast(cast($1 as text) as timestamptz), 'committed' from moved", at, placedIds))
                    .replaceWithVoid();
            if (!refused.isEmpty()) {
                String refusedIds = PgArrays.uuids(refused.keySet());
                String reasons = PgArrays.texts(refused.values());
                writes = writes.chain(() -> SessionSql.update(session, "delete from job_plan where job_id = any(cast(cast($1 as text) as uuid[]))", refusedIds))
                        .chain(() -> SessionSql.update(session, "with moved as (update job set state = 'QUEUED', reason = u.r,"
                                        + " last_event_seq = job.last_event_seq + 1, updated_at = cast(cast($1 as text) as timestamptz)"
                                        + " from unnest(cast(cast($2 as text) as uuid[]), cast(cast($3 as text) as text[])) as u(id, r)"
                                        + " where job.id = u.id and job.state = 'PLANNED' returning job.id, job.last_event_seq, u.r)"
                                        + " insert into job_event (id, job_id, seq, state, at, reason)"
                                        + " select nextval('job_event_seq'), id, last_event_seq, 'QUEUED', cast(cast($1 as text) as timestamptz), r from moved", at, refusedIds, reasons))
                        .replaceWithVoid();
            }
            return writes.map(ignored -> new Outcome(placed, new HashMap<>(refused)));
        });
    }
}
