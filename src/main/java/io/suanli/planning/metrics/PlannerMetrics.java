package io.suanli.planning.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suanli.jobs.domain.JobState;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.service.LiveSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live scheduler's Prometheus metrics: jobs by state, submit-to-first-plan latency, commit
 * lag, the solver's best score and steps, and the size of the last snapshot. Latencies are in
 * real seconds (exchange-clock time divided by the clock's speed).
 */
@Singleton
public class PlannerMetrics {

    private final Pool pool;
    private final Timer planLatency;
    private final Timer commitLag;
    private final AtomicLong hard = new AtomicLong();
    private final AtomicLong medium = new AtomicLong();
    private final AtomicLong soft = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong snapshotJobs = new AtomicLong();
    private final AtomicLong snapshotNodes = new AtomicLong();
    private final Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);
    private final MeterRegistry registry;
    private final Map<String, Timer> phases = new java.util.concurrent.ConcurrentHashMap<>();

    public PlannerMetrics(MeterRegistry registry, Pool pool) {
        this.pool = pool;
        this.registry = registry;
        this.planLatency = Timer.builder("suanli.scheduler.plan.latency")
                .description("From submission to the job's first plan (PLANNED)").publishPercentiles(0.5, 0.99).register(registry);
        this.commitLag = Timer.builder("suanli.scheduler.commit.lag")
                .description("From the later of planned start and submission to the commit (0 when committed before the start)")
                .register(registry);
        Gauge.builder("suanli.scheduler.best.score", hard, AtomicLong::get).tag("level", "hard").register(registry);
        Gauge.builder("suanli.scheduler.best.score", medium, AtomicLong::get).tag("level", "medium").register(registry);
        Gauge.builder("suanli.scheduler.best.score", soft, AtomicLong::get).tag("level", "soft")
                .description("Soft score: -(cost + carbon cost) in micro-units").register(registry);
        Gauge.builder("suanli.scheduler.solver.steps", steps, AtomicLong::get).register(registry);
        Gauge.builder("suanli.scheduler.snapshot.jobs", snapshotJobs, AtomicLong::get).register(registry);
        Gauge.builder("suanli.scheduler.snapshot.nodes", snapshotNodes, AtomicLong::get).register(registry);
        for (JobState s : JobState.values()) {
            AtomicLong count = new AtomicLong();
            byState.put(s, count);
            Gauge.builder("suanli.jobs", count, AtomicLong::get).tag("state", s.name()).description("Jobs by state").register(registry);
        }
    }

    public void firstPlan(LiveJob job, Instant now, double clockSpeed) {
        planLatency.record(real(Duration.between(job.submittedAt(), now), clockSpeed));
    }

    public void committed(LiveJob job, Instant now, double clockSpeed) {
        // A plan in slot 0 "starts" at the slot's beginning, possibly before the job was submitted.
        Instant due = job.plan().startsAt().isAfter(job.submittedAt()) ? job.plan().startsAt() : job.submittedAt();
        Duration lag = Duration.between(due, now);
        commitLag.record(lag.isNegative() ? Duration.ZERO : real(lag, clockSpeed));
    }

    public void bestPlan(SchedulePlan plan, long solverSteps) {
        if (plan.getScore() != null) {
            hard.set(plan.getScore().hardScore());
            medium.set(plan.getScore().mediumScore());
            soft.set(plan.getScore().softScore());
        }
        steps.set(solverSteps);
    }

    /** Time spent in one phase of a planning cycle (feed, snapshot, store, commit, requeue): where plan latency goes. */
    public void phase(String phase, long nanos) {
        phases.computeIfAbsent(phase, p -> Timer.builder("suanli.scheduler.cycle.phase").tag("phase", p)
                .description("Time of one phase of the planner's cycle").publishPercentiles(0.5, 0.99).register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void snapshotTaken(LiveSnapshot snapshot) {
        snapshotJobs.set(snapshot.snapshot().jobs().size());
        snapshotNodes.set(snapshot.snapshot().nodes().size());
    }

    /** Queue depth by state, on every instance (the leader's view is not needed for a count). */
    @Scheduled(every = "${suanli.scheduler.metrics-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> countJobs() {
        return pool.query("select state, count(*) as n from job group by state").execute().invoke(rows -> {
            byState.values().forEach(c -> c.set(0));
            for (Row r : rows) byState.get(JobState.valueOf(r.getString("state"))).set(r.getLong("n"));
        }).replaceWithVoid();
    }

    private static Duration real(Duration exchangeTime, double clockSpeed) {
        return Duration.ofNanos((long) (exchangeTime.toNanos() / clockSpeed));
    }
}
