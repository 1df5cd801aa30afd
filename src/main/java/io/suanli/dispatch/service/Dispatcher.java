package io.suanli.dispatch.service;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import io.suanli.dispatch.DispatchConfig;
import io.suanli.dispatch.TaskRunEnded;
import io.suanli.dispatch.domain.Dispatch;
import io.suanli.dispatch.domain.DispatchOrder;
import io.suanli.dispatch.domain.GangVerdict;
import io.suanli.dispatch.domain.TaskPhase;
import io.suanli.dispatch.domain.TaskStatus;
import io.suanli.dispatch.service.DispatchStore.ClosedTask;
import io.suanli.dispatch.service.DispatchStore.DueJob;
import io.suanli.dispatch.service.DispatchStore.Open;
import io.suanli.dispatch.service.DispatchStore.TaskEnd;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.service.JobService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One dispatch pass, level-triggered like a Kubernetes controller: it compares what the database
 * says with what the sites report and closes the gap, so a pass may crash anywhere and the next
 * one (on this instance or a new leader) finishes the work. Each pass:
 * <ol>
 * <li>looks after every launched attempt not yet cleaned up: moves its job DISPATCHED → RUNNING →
 * SUCCEEDED | FAILED from its tasks, fails the whole gang when one task fails, stops the objects of
 * jobs that were cancelled or taken back, and re-queues failed jobs with retries left;</li>
 * <li>launches placed jobs whose planned start has come: records the launch, creates the objects
 * (deterministic names: a repeat finds them), then marks the job DISPATCHED.</li>
 * </ol>
 * Blocking: it runs on the dispatch loop's thread (or a test's), never on an event loop.
 */
@Singleton
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(60);

    private final DispatchStore store;
    private final SiteExecutors executors;
    private final JobService jobs;
    private final Clock clock;
    private final Event<TaskRunEnded> runEnded;
    private final DispatchConfig config;
    /** Jobs whose objects could not be created, and the real time (nanos) before which they wait. */
    private final Map<String, Long> launchBackoff = new ConcurrentHashMap<>();
    /** Blocking workers of a pass (database round trips and Kubernetes API calls per job). */
    private final ExecutorService workers;

    public Dispatcher(DispatchStore store, SiteExecutors executors, JobService jobs, Clock clock,
            Event<TaskRunEnded> runEnded, DispatchConfig config) {
        this.store = store;
        this.executors = executors;
        this.jobs = jobs;
        this.clock = clock;
        this.runEnded = runEnded;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.parallelism()), r -> {
            Thread t = new Thread(r, "suanli-dispatch-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** What one pass did. */
    public record Pass(int launched, int launchFailures, int progressed, int cleanedUp) {}

    /** Runs one pass. Passes never overlap; within a pass, jobs are handled in parallel. */
    public synchronized Pass runOnce() {
        Instant now = clock.instant();
        // 1. Launched attempts: progress, failure, cancellation.
        List<Outcome> outcomes = inParallel(await(store.open()), open -> {
            try {
                return lookAfter(open, now);
            } catch (RuntimeException e) {
                LOG.warnf(e, "job %s attempt %d: could not reconcile, trying again next pass", open.dispatch().jobId(),
                        open.dispatch().attempt());
                return Outcome.UNCHANGED;
            }
        });
        int progressed = (int) outcomes.stream().filter(o -> o == Outcome.PROGRESSED).count();
        int cleanedUp = (int) outcomes.stream().filter(o -> o == Outcome.CLEANED_UP).count();
        // 2. Placed jobs whose start has come. Jobs waiting out a launch backoff are left out of the
        // query, not filtered after it: a batch's worth of them (a site whose API is down) would
        // otherwise take every place of every batch, and no other site would get a job.
        long realNow = System.nanoTime();
        launchBackoff.values().removeIf(notBefore -> realNow - notBefore >= 0);
        List<DueJob> due = await(store.due(now, config.batchSize(), List.copyOf(launchBackoff.keySet())));
        List<Outcome> launches = inParallel(due, d -> {
            try {
                Outcome o = launch(d, now) ? Outcome.PROGRESSED : Outcome.UNCHANGED;
                launchBackoff.remove(d.jobId());
                return o;
            } catch (RuntimeException e) {
                launchBackoff.put(d.jobId(), System.nanoTime() + config.apiRetry().jobBackoff().toNanos());
                LOG.warnf("job %s: could not launch at site %s (%s); it stays PLACED and is tried again in %s",
                        d.jobId(), d.site(), e.getMessage(), config.apiRetry().jobBackoff());
                return Outcome.FAILED_LAUNCH;
            }
        });
        int launched = (int) launches.stream().filter(o -> o == Outcome.PROGRESSED).count();
        int failures = (int) launches.stream().filter(o -> o == Outcome.FAILED_LAUNCH).count();
        return new Pass(launched, failures, progressed, cleanedUp);
    }

    private <T> List<Outcome> inParallel(List<T> items, Function<T, Outcome> work) {
        if (items.size() <= 1) {
            return items.stream().map(work).toList();
        }
        List<Future<Outcome>> futures = items.stream()
                .map(item -> workers.submit(() -> work.apply(item))).toList();
        List<Outcome> outcomes = new ArrayList<>(futures.size());
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(other -> other.cancel(true));
                throw new IllegalStateException("dispatch pass interrupted", e);
            } catch (ExecutionException e) {
                LOG.warn("dispatch work failed", e.getCause());
                outcomes.add(Outcome.UNCHANGED);
            }
        }
        return outcomes;
    }

    @PreDestroy
    void shutdown() {
        workers.shutdownNow();
    }

    private enum Outcome { UNCHANGED, PROGRESSED, CLEANED_UP, FAILED_LAUNCH }

    // ---- launching -------------------------------------------------------------------------

    private boolean launch(DueJob due, Instant now) {
        Job job = call(() -> jobs.get(due.jobId()));
        if (job.state() != JobState.PLACED || job.attempt() != due.attempt()) {
            return false;
        }
        if (due.tasks().size() != job.spec().tasks()) {
            LOG.warnf("job %s: its plan has %d tasks for a gang of %d; not dispatched", job.id(), due.tasks().size(), job.spec().tasks());
            return false;
        }
        DispatchOrder order = order(job, due);
        SiteExecutor executor = executors.forSite(due.site());
        String namespace = executor.namespaceFor(job.spec().tenant());
        // The record comes first: whatever happens after it, the next pass knows objects may exist.
        await(store.recordLaunch(order, executor.kind(), namespace, now));
        executor.launch(order);
        String where = namespace == null ? "" : " (namespace " + namespace + ")";
        return transition(job.id(), JobState.DISPATCHED,
                order.tasks().size() + " task(s) sent to site " + due.site() + where) != null;
    }

    static DispatchOrder order(Job job, DueJob due) {
        JobSpec s = job.spec();
        return new DispatchOrder(job.id(), s.tenant(), s.externalId(), job.attempt(), due.site(), due.startsAt(),
                Duration.ofHours(s.durationHours()),
                new DispatchOrder.TaskResources(s.cpuCores(), s.memoryGiB(), s.gpus() == null ? 0 : s.gpus(), s.gpuModel()),
                new DispatchOrder.Workload(s.image(), s.command(), s.args(), s.env()),
                s.labels(), due.tasks());
    }

    // ---- launched attempts -----------------------------------------------------------------

    private Outcome lookAfter(Open open, Instant now) {
        Dispatch d = open.dispatch();
        SiteExecutor executor = executors.forSite(d.site());
        boolean current = open.jobAttempt() == d.attempt();
        JobState state = JobState.valueOf(open.jobState());
        if (current && (state == JobState.DISPATCHED || state == JobState.RUNNING)) {
            return progress(open, executor, now) ? Outcome.PROGRESSED : Outcome.UNCHANGED;
        }
        if (current && state == JobState.PLACED) {
            return Outcome.UNCHANGED; // a launch in flight (or one that crashed): the launch step finishes it
        }
        cleanUp(open, executor, now, state, current);
        return Outcome.CLEANED_UP;
    }

    private boolean progress(Open open, SiteExecutor executor, Instant now) {
        Dispatch d = open.dispatch();
        List<TaskStatus> seen = withServiceLimits(executor.observe(d, now), d, now);
        recordStarts(d, seen, now);
        GangVerdict verdict = GangVerdict.of(seen);
        JobState state = JobState.valueOf(open.jobState());
        switch (verdict.kind()) {
            case STARTING:
                return false;
            case RUNNING:
                if (state == JobState.RUNNING) {
                    return false;
                }
                if (transition(d.jobId(), JobState.RUNNING, "all " + seen.size() + " task(s) running") != null) {
                    await(store.running(d, now));
                }
                return true;
            case SUCCEEDED:
                if (state == JobState.DISPATCHED
                        && transition(d.jobId(), JobState.RUNNING, "all " + seen.size() + " task(s) running") == null) {
                    return true;
                }
                if (transition(d.jobId(), JobState.SUCCEEDED, "all " + seen.size() + " task(s) succeeded") != null) {
                    // Finished pods stay in the cluster for their logs; nothing of them runs any more.
                    finish(d, executor, ends(seen, now), "SUCCEEDED", false, now);
                }
                return true;
            case FAILED:
            default:
                await(store.failureCause(d, verdict.cause()));
                if (transition(d.jobId(), JobState.FAILED, verdict.reason()) != null) {
                    finish(d, executor, ends(seen, now), "FAILED", true, now);
                    requeueIfRetriesLeft(d.jobId());
                    LOG.infof("job %s attempt %d failed: %s", d.jobId(), d.attempt(), verdict.reason());
                }
                return true;
        }
    }

    /**
     * What the service itself enforces on top of the executor's report: a task running well past
     * its wall time is stopped even if its cluster does not enforce the deadline, and an object not
     * found right after launch is not lost yet (a watch cache can lag behind).
     */
    private List<TaskStatus> withServiceLimits(List<TaskStatus> seen, Dispatch d, Instant now) {
        List<TaskStatus> adjusted = new ArrayList<>(seen.size());
        for (TaskStatus t : seen) {
            Instant started = t.startedAt() != null ? t.startedAt() : startedAt(d, t.task());
            if (t.phase() == TaskPhase.RUNNING && started != null
                    && now.isAfter(started.plus(d.wallTime()).plus(config.walltimeGrace()))) {
                adjusted.add(new TaskStatus(t.task(), TaskPhase.WALLTIME, "ran past its wall time of " + d.wallTime(), started, now));
            } else if (t.phase() == TaskPhase.MISSING && now.isBefore(d.launchedAt().plus(config.lostAfter()))) {
                adjusted.add(TaskStatus.pending(t.task()));
            } else {
                adjusted.add(t);
            }
        }
        return adjusted;
    }

    private void recordStarts(Dispatch d, List<TaskStatus> seen, Instant now) {
        Map<Integer, Instant> started = new LinkedHashMap<>();
        for (TaskStatus t : seen) {
            boolean ran = t.phase() == TaskPhase.RUNNING || t.phase().isOver();
            if (ran && startedAt(d, t.task()) == null && (t.startedAt() != null || t.phase() == TaskPhase.RUNNING)) {
                started.put(t.task(), t.startedAt() != null ? t.startedAt() : now);
            }
        }
        await(store.tasksStarted(d, started));
    }

    /** How each task ended, from what was seen: tasks still running or pending are stopped now. */
    private List<TaskEnd> ends(List<TaskStatus> seen, Instant now) {
        List<TaskEnd> ends = new ArrayList<>();
        for (TaskStatus t : seen) {
            TaskRunEnded.Outcome outcome = switch (t.phase()) {
                case SUCCEEDED -> TaskRunEnded.Outcome.SUCCEEDED;
                case FAILED -> TaskRunEnded.Outcome.FAILED;
                case WALLTIME -> TaskRunEnded.Outcome.WALLTIME;
                default -> TaskRunEnded.Outcome.STOPPED;
            };
            boolean over = t.phase().isOver();
            // A task that never ran stopped with its start unknown: it used nothing.
            Instant started = t.startedAt() != null ? t.startedAt() : (t.phase() == TaskPhase.RUNNING ? now : null);
            ends.add(new TaskEnd(t.task(), started, over && t.endedAt() != null ? t.endedAt() : now, outcome));
        }
        return ends;
    }

    /**
     * An attempt whose job is no longer dispatched or running under it: cancelled, failed (a pass
     * that crashed after marking it), succeeded, or taken back. Stops its objects and closes its tasks.
     */
    private void cleanUp(Open open, SiteExecutor executor, Instant now, JobState state, boolean current) {
        Dispatch d = open.dispatch();
        List<TaskStatus> seen;
        try {
            seen = executor.observe(d, now); // when the tasks started, before their objects go
        } catch (RuntimeException e) {
            seen = d.tasks().stream().map(t -> TaskStatus.pending(t.task())).toList();
        }
        List<TaskEnd> ends = new ArrayList<>();
        for (TaskStatus t : seen) {
            Instant started = t.startedAt() != null ? t.startedAt() : startedAt(d, t.task());
            boolean succeeded = state == JobState.SUCCEEDED || t.phase() == TaskPhase.SUCCEEDED;
            // A task that has not started by now never will: nothing to meter.
            Instant ran = t.phase() == TaskPhase.PENDING && startedAt(d, t.task()) == null ? null : started;
            ends.add(new TaskEnd(t.task(), ran, succeeded && t.endedAt() != null ? t.endedAt() : now,
                    succeeded ? TaskRunEnded.Outcome.SUCCEEDED : TaskRunEnded.Outcome.STOPPED));
        }
        String outcome = switch (state) {
            case CANCELLED -> "CANCELLED";
            case SUCCEEDED -> "SUCCEEDED";
            case FAILED -> current ? "FAILED" : "SUPERSEDED";
            default -> "SUPERSEDED";
        };
        finish(d, executor, ends, outcome, state != JobState.SUCCEEDED, now);
        if (state == JobState.FAILED && current) {
            requeueIfRetriesLeft(d.jobId());
        }
        LOG.infof("job %s attempt %d: objects cleaned up (job is %s)", d.jobId(), d.attempt(), state);
    }

    /** Closes the tasks (firing TaskRunEnded once for each that ran), stops the objects, closes the record. */
    private void finish(Dispatch d, SiteExecutor executor, List<TaskEnd> ends, String outcome, boolean stop, Instant now) {
        List<ClosedTask> closed = await(store.closeTasks(d, ends));
        for (ClosedTask c : closed) {
            if (c.startedAt() != null) {
                fire(new TaskRunEnded(d.jobId(), d.attempt(), c.task(), c.node(), c.startedAt(),
                        c.endedAt().isBefore(c.startedAt()) ? c.startedAt() : c.endedAt(), c.outcome()));
            }
        }
        if (stop) {
            executor.stop(d);
        }
        await(store.ended(d, outcome, now, true));
    }

    private void requeueIfRetriesLeft(String jobId) {
        Job job = call(() -> jobs.get(jobId));
        if (job.state() == JobState.FAILED && job.hasRetriesLeft()) {
            int max = job.spec().maxRetries() == null ? 0 : job.spec().maxRetries();
            transition(jobId, JobState.QUEUED, "retry " + (job.attempt() + 1) + " of " + max + " after: " + job.reason());
        }
    }

    private void fire(TaskRunEnded ended) {
        try {
            runEnded.fire(ended);
        } catch (RuntimeException e) {
            // An observer's failure must not undo a recorded end; metering de-duplicates by task anyway.
            LOG.errorf(e, "an observer of %s failed", ended);
        }
    }

    private static Instant startedAt(Dispatch d, int task) {
        return d.tasks().stream().filter(t -> t.task() == task).findFirst().map(Dispatch.DispatchedTask::startedAt).orElse(null);
    }

    /** Moves the job; null when its state has moved on meanwhile (a cancel): the next pass reconciles. */
    private Job transition(String jobId, JobState next, String reason) {
        try {
            return call(() -> jobs.transition(jobId, next, reason));
        } catch (ProblemException e) {
            if (e.type() == ProblemType.CONFLICT) {
                LOG.debugf("job %s not moved to %s: %s", jobId, next, e.getMessage());
                return null;
            }
            throw e;
        }
    }

    private static <T> T call(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(DB_TIMEOUT);
    }
}
