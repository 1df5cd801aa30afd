package io.suanli.planning.service;

import io.quarkus.vertx.VertxContextSupport;
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.leader.LeadershipChanged;
import io.suanli.common.time.ExchangeClock;
import io.suanli.jobs.domain.JobState;
import io.suanli.planning.config.PlannerConfig;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.LivePlan;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.planning.metrics.PlannerMetrics;
import io.suanli.planning.persistence.PlanCommitter;
import io.suanli.planning.persistence.PlanStore;
import io.suanli.planning.persistence.QueueStore;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The live scheduler on the leader: keeps the queue (fed by the job event feed), hands the running
 * solver a new snapshot whenever the queue, the estate or the slot changes, stores each newer best
 * plan, commits the plans that entered the freeze window, and sends committed jobs whose node left
 * service back to the queue. One thread owns the queue; every cycle is one pass of the numbered
 * phases in {@link #cycle()}. Commits and plans that merely moved are written by a second thread,
 * one batch at a time, so that they never hold up the first plans of new jobs; the jobs of a batch
 * in flight are left out of what the planning thread writes. Starts and stops with leadership.
 */
@Singleton
public class LivePlanner {

    private static final Logger LOG = Logger.getLogger(LivePlanner.class);
    private static final int FEED_PAGE = 5_000;
    /**
     * Plans committed per transaction. Small on purpose: the job event feed reads only below the
     * oldest running transaction, so a long commit transaction holds back every reader of the feed,
     * this planner's own intake included (1,000 per transaction made new jobs wait in waves of
     * 10-30 s under load; docs/benchmarks-live.md).
     */
    private static final int COMMIT_BATCH = 200;
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final Duration MOVED_PLANS_EVERY = Duration.ofSeconds(2);
    private static final int MOVES_PER_BATCH = 1_000;
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    /** How long a cycle waits for the solver to take in the snapshot it was just handed. */
    private static final Duration SOLVER_TAKE_IN = Duration.ofSeconds(1);
    /** A cycle, or a wait for the solver, longer than this is logged with what it spent its time on. */
    private static final Duration SLOW = Duration.ofSeconds(2);
    /**
     * Jobs that ended stay in the solver's snapshot, holding their place, until a full build; one
     * comes at the latest this long after the first of them ended. A job that ends on time holds
     * little (the rest of its last slot); one cancelled or failed early holds more, for this long.
     */
    private static final Duration ENDED_KEPT_AT_MOST = Duration.ofSeconds(30);

    private final PlannerConfig config;
    private final QueueStore queueStore;
    private final PlanStore planStore;
    private final PlanCommitter committer;
    private final EstateCache estate;
    private final SettingsStore settings;
    private final ExchangeClock clock;
    private final PlannerMetrics metrics;

    private ScheduledExecutorService loop;
    private ExecutorService writer;
    /** The batch of commits and moved plans being written, and its jobs; null when none is. */
    private Future<Written> writing;
    private Set<UUID> writingJobs = Set.of();
    private final Map<UUID, LiveJob> queue = new HashMap<>();
    private FeedPosition position;
    private LiveSolver solver;
    private final AtomicReference<LiveSolver.Best> latest = new AtomicReference<>();
    private long storedVersion;
    private boolean movesPending;
    private EstateView lastEstate;
    private Instant lastSlotZero;
    /** The snapshot last handed to the solver. */
    private LiveSnapshot handed;
    /** Jobs new to the queue since then and not in it: an extension of it takes them in. */
    private final Set<UUID> added = new HashSet<>();
    /** Some change since then needs a full build (a commit, a job pinned or back in the queue). */
    private boolean rebuild;
    /** Since when jobs that ended are still in the handed snapshot (0: none are). */
    private long endedSince;
    private ExchangeSettings exchange;
    private long exchangeReadAt;
    /** When the whole difference (moved and lost plans too) was last computed; between, only first plans. */
    private long fullDiffAt;
    private long committedAt;
    /** This cycle's phases and their milliseconds, logged when the cycle is slow. */
    private final StringBuilder phases = new StringBuilder();
    /** Since when the solver has not taken in the last snapshot (0: it has). */
    private long solverBusySince;

    public LivePlanner(PlannerConfig config, QueueStore queueStore, PlanStore planStore, PlanCommitter committer,
            EstateCache estate, SettingsStore settings, ExchangeClock clock, PlannerMetrics metrics) {
        this.config = config;
        this.queueStore = queueStore;
        this.planStore = planStore;
        this.committer = committer;
        this.estate = estate;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    synchronized void onLeadership(@Observes LeadershipChanged change) {
        if (change.leading() && loop == null) {
            loop = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "live-planner");
                t.setDaemon(true);
                return t;
            });
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "live-planner-writer");
                t.setDaemon(true);
                return t;
            });
            loop.scheduleWithFixedDelay(this::safeCycle, 0, config.cycle().toMillis(), TimeUnit.MILLISECONDS);
        } else if (!change.leading() && loop != null) {
            ScheduledExecutorService stopping = loop;
            ExecutorService stoppingWriter = writer;
            loop = null;
            writer = null;
            stopping.execute(this::reset);
            stopping.shutdown();
            stoppingWriter.shutdown();
        }
    }

    /** Stops planning before the pools close, whether or not leadership was handed over first. */
    synchronized void onShutdown(@Observes io.quarkus.runtime.ShutdownEvent ignored) {
        if (loop != null) {
            loop.shutdownNow();
            writer.shutdownNow();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
            writer = null;
            if (solver != null) solver.close();
        }
    }

    /** The newest best plan (leader only), for metrics and explanations. */
    public LiveSolver.Best latest() {
        return latest.get();
    }

    private void safeCycle() {
        try {
            cycle();
        } catch (RuntimeException e) {
            LOG.error("planning cycle failed; the next one starts from the stored state", e);
            reset();
        } catch (Throwable e) {
            LOG.error("planning cycle failed", e);
            reset();
        }
    }

    private void reset() {
        // A batch still being written finishes first: the queue is then reloaded with its effects.
        if (writing != null) {
            try {
                writing.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("the last batch of commits and moved plans failed; the reloaded queue shows what was written", e);
            }
            writing = null;
            writingJobs = Set.of();
        }
        if (solver != null) solver.close();
        solver = null;
        queue.clear();
        position = null;
        latest.set(null);
        storedVersion = 0;
        movesPending = false;
        lastEstate = null;
        lastSlotZero = null;
        handed = null;
        added.clear();
        rebuild = false;
        endedSince = 0;
    }

    /** One pass; package-visible so that tests can read the phases. */
    void cycle() throws Throwable {
        long t = System.nanoTime();
        long cycleStart = t;
        phases.setLength(0);
        // 0. What the writer has finished (commits and moved plans) goes into the queue.
        collectWritten();
        // 1. The queue: load it whole once, then follow the job event feed, and take in new
        //    submissions directly (the feed can lag behind a long transaction).
        if (position == null) loadQueue();
        else followFeed();
        takeInNewJobs();
        t = timed("feed", t);
        // 2. The estate, the settings and the frame (slot 0 contains now).
        EstateView view = VertxContextSupport.subscribeAndAwait(estate::view);
        // The cache reloads the estate every few seconds: only a changed one needs a new snapshot.
        if (view.sameEstate(lastEstate)) view = lastEstate;
        ExchangeSettings s = exchangeSettings();
        Instant now = clock.instant();
        SlotFrame frame = SlotFrame.at(now, s.slotMinutes(), s.horizonHours(), s.freezeSlots());
        // 3. Anything changed: one new snapshot for the solver, once it has taken in the previous
        //    one (changes arriving meanwhile are batched into the next snapshot). New submissions
        //    alone extend the last snapshot; anything else builds one over the whole queue.
        boolean full = solver == null || handed == null || rebuild || view != lastEstate || !frame.slotZero().equals(lastSlotZero)
                || (endedSince != 0 && System.nanoTime() - endedSince >= ENDED_KEPT_AT_MOST.toNanos());
        boolean changed = full || !added.isEmpty();
        if (changed && solver != null && solver.busy()) {
            if (solverBusySince == 0) solverBusySince = System.nanoTime();
        } else if (solverBusySince != 0) {
            long busyMillis = (System.nanoTime() - solverBusySince) / 1_000_000;
            if (busyMillis > SLOW.toMillis()) LOG.warnf("the solver took %d ms to take in a snapshot; changes waited meanwhile", busyMillis);
            solverBusySince = 0;
        }
        if (changed && (solver == null || !solver.busy())) {
            LiveSnapshot snapshot = full ? null : LiveSnapshots.extend(handed, newJobs());
            if (snapshot == null) {
                snapshot = LiveSnapshots.build(view, s.carbonPricePerTonne().doubleValue(), frame, queue.values());
                endedSince = 0;
                rebuild = false;
            }
            if (solver == null) solver = new LiveSolver(config, latest::set);
            solver.replace(snapshot);
            metrics.snapshotTaken(snapshot);
            handed = snapshot;
            added.clear();
            lastEstate = view;
            lastSlotZero = frame.slotZero();
            t = timed(snapshot.base() == 0 ? "snapshot" : "extension", t);
            // New jobs get their first plan from the solver's placement of this snapshot: waiting
            // for it here stores it in this cycle instead of one to two cycles later.
            solver.awaitPlaced(snapshot, SOLVER_TAKE_IN);
            t = timed("take-in", t);
        }
        // 4. Store the first plans of the newest best plan (and lost plans and reasons) at once.
        LiveSolver.Best best = latest.get();
        PlanDiff moves = null;
        boolean commitDue = writing == null && System.nanoTime() - committedAt >= COMMIT_EVERY.toNanos();
        boolean fullDiffDue = commitDue || System.nanoTime() - fullDiffAt >= MOVED_PLANS_EVERY.toNanos();
        if (best != null && (best.version() > storedVersion || (movesPending && fullDiffDue) || commitDue)) {
            if (fullDiffDue) {
                // The whole difference, moved and lost plans too: a pass over every assignment.
                fullDiffAt = System.nanoTime();
                PlanDiff diff = PlanDiff.of(best, queue).without(writingJobs);
                // Both parts are taken before either is applied: applying the first plans makes their jobs PLANNED.
                PlanDiff first = diff.withoutMoves(queue);
                // Moves into or out of the freeze window are written before this round's commits:
                // a commit takes the stored plan, which must be the one the solver holds now, or
                // it collides with the plans that took the place the job left.
                moves = writing != null ? PlanDiff.NONE
                        : diff.moves(r -> frozen(frame, r.startsAt()) || frozen(frame, queue.get(r.job()).plan()), MOVES_PER_BATCH, queue);
                movesPending = first.plans().size() + moves.plans().size() < diff.plans().size();
                writeFirstPlans(first);
            } else {
                writeFirstPlans(PlanDiff.firstPlans(best, queue).without(writingJobs));
            }
            if (best.version() > storedVersion) metrics.bestPlan(best.plan(), solver.steps());
            storedVersion = best.version();
            t = timed("store", t);
        }
        // 5. The writer takes the plans due for commit (at most every COMMIT_EVERY: a commit costs
        //    about the same for ten plans as for a hundred) and the moved plans, once it is free.
        if (writing == null) {
            List<UUID> due = commitDue ? dueForCommit(frame, moves == null ? PlanDiff.NONE : moves) : List.of();
            if (commitDue) committedAt = System.nanoTime();
            if (!due.isEmpty() || (moves != null && !moves.isEmpty())) {
                write(due, moves == null ? PlanDiff.NONE : moves, now);
            }
        }
        // 6. Committed jobs not yet dispatched whose node left service go back to the queue.
        requeueOffNodes(view, now);
        timed("requeue", t);
        long cycleMillis = (System.nanoTime() - cycleStart) / 1_000_000;
        if (cycleMillis > SLOW.toMillis()) LOG.warnf("planning cycle took %d ms:%s", cycleMillis, phases);
    }

    private long timed(String phase, long since) {
        long now = System.nanoTime();
        metrics.phase(phase, now - since);
        phases.append(' ').append(phase).append(' ').append((now - since) / 1_000_000).append(" ms");
        return now;
    }

    private ExchangeSettings exchangeSettings() throws Throwable {
        if (exchange == null || System.nanoTime() - exchangeReadAt > 2_000_000_000L) {
            exchange = VertxContextSupport.subscribeAndAwait(settings::get);
            exchangeReadAt = System.nanoTime();
        }
        return exchange;
    }

    private void loadQueue() {
        FeedPosition head = queueStore.feedHead().await().atMost(AWAIT);
        planStore.deleteStaleTentativePlans().await().atMost(AWAIT);
        for (LiveJob j : queueStore.active().await().atMost(AWAIT)) queue.put(j.id(), j);
        position = head;
        rebuild = true;
        LOG.infof("live planner: %d unfinished jobs loaded", queue.size());
    }

    private void followFeed() {
        Set<UUID> changed = new HashSet<>();
        for (int pages = 0; pages < 20; pages++) {
            CommitOrderedFeed.Page<UUID> page = queueStore.changedSince(position, FEED_PAGE).await().atMost(AWAIT);
            changed.addAll(page.items());
            position = page.next();
            if (page.items().size() < FEED_PAGE) break;
        }
        if (changed.isEmpty()) return;
        // Jobs that ended or went back to the queue may leave a tentative plan behind.
        Set<UUID> stale = new HashSet<>();
        for (LiveJob j : queueStore.byIds(changed).await().atMost(AWAIT)) {
            LiveJob before = j.waiting() || j.pinned() || isUnfinished(j.state()) ? queue.put(j.id(), j) : queue.remove(j.id());
            if (!isUnfinished(j.state()) || j.state() == JobState.QUEUED) stale.add(j.id());
            if (!isUnfinished(j.state())) {
                if (before != null && endedSince == 0) endedSince = System.nanoTime();
            } else if (before == null) {
                arrived(j);
            } else if (before.waiting() != j.waiting() || before.pinned() != j.pinned()
                    || (j.pinned() && !j.plan().samePlacement(before.plan()))) {
                rebuild = true;
            }
        }
        if (!stale.isEmpty()) planStore.deleteStaleTentativePlans(stale).await().atMost(AWAIT);
    }

    /**
     * New submissions straight from the job table, by id: the feed is exact but reads only below
     * the oldest running transaction, so one long transaction anywhere (a commit of many plans,
     * a settling run) would hide every new job until it ends. Jobs already in the queue are left
     * as they are; the feed brings their later changes.
     */
    private void takeInNewJobs() {
        for (LiveJob j : queueStore.justSubmitted(FEED_PAGE).await().atMost(AWAIT)) {
            if (queue.putIfAbsent(j.id(), j) == null) arrived(j);
        }
    }

    /** A job new to the queue: a new submission joins the next snapshot by extension, anything else by a full build. */
    private void arrived(LiveJob j) {
        boolean inHanded = handed != null
                && (handed.jobs().containsKey(j.id().toString()) || handed.leftOut().containsKey(j.id()));
        if (j.waiting() && !j.pinned() && !inHanded) added.add(j.id());
        else rebuild = true;
    }

    /** The added jobs still waiting (one cancelled meanwhile is gone from the queue). */
    private List<LiveJob> newJobs() {
        List<LiveJob> out = new ArrayList<>(added.size());
        for (UUID id : added) {
            LiveJob j = queue.get(id);
            if (j != null && j.waiting() && !j.pinned()) out.add(j);
        }
        return out;
    }

    private static boolean isUnfinished(JobState state) {
        return state == JobState.QUEUED || state == JobState.PLANNED || state == JobState.PLACED
                || state == JobState.DISPATCHED || state == JobState.RUNNING;
    }

    private void writeFirstPlans(PlanDiff first) {
        if (first.isEmpty()) return;
        Instant at = clock.instant(); // the time of the write, not of the cycle's start: what a reader sees
        planStore.write(first.plans(), first.unplanned(), first.waiting(), at).await().atMost(AWAIT);
        for (LiveJob planned : first.applyTo(queue)) metrics.firstPlan(planned, at, clock.speed());
    }

    /** PLANNED jobs whose plan, once {@code moves} are written, starts in the freeze window. */
    private List<UUID> dueForCommit(SlotFrame frame, PlanDiff moves) {
        Map<UUID, Instant> movedTo = new HashMap<>();
        for (PlanStore.PlanRow r : moves.plans()) movedTo.put(r.job(), r.startsAt());
        List<UUID> due = new ArrayList<>();
        for (LiveJob j : queue.values()) {
            if (j.state() == JobState.PLANNED && j.plan() != null && frozen(frame, movedTo.getOrDefault(j.id(), j.plan().startsAt()))) {
                due.add(j.id());
            }
        }
        return due;
    }

    private static boolean frozen(SlotFrame frame, Instant start) {
        return frame.inFreezeWindow(frame.slotOf(start));
    }

    private static boolean frozen(SlotFrame frame, LivePlan stored) {
        return stored != null && frozen(frame, stored.startsAt());
    }

    /** What the writer did with one batch: the commits' outcomes and the moved plans it stored. */
    private record Written(List<PlanCommitter.Outcome> commits, PlanDiff moves, Instant at) {}

    /**
     * Hands the writer one batch: moved plans (at most {@link #MOVES_PER_BATCH}: plans the local
     * search merely improved are written every {@link #MOVED_PLANS_EVERY} at most) and the commits.
     * Until it is collected, the planning thread writes nothing for these jobs.
     */
    private void write(List<UUID> due, PlanDiff moves, Instant now) {
        Set<UUID> jobs = new HashSet<>(due);
        moves.plans().forEach(p -> jobs.add(p.job()));
        writingJobs = jobs;
        writing = writer.submit(() -> {
            // Timed into the metrics only: the cycle's phase log belongs to the planning thread.
            long t = System.nanoTime();
            if (!moves.isEmpty()) {
                planStore.write(moves.plans(), List.of(), List.of(), now).await().atMost(AWAIT);
                metrics.phase("moves", System.nanoTime() - t);
                t = System.nanoTime();
            }
            List<PlanCommitter.Outcome> commits = new ArrayList<>();
            for (int from = 0; from < due.size(); from += COMMIT_BATCH) {
                List<UUID> batch = due.subList(from, Math.min(due.size(), from + COMMIT_BATCH));
                commits.add(commit(batch, now));
            }
            if (!due.isEmpty()) metrics.phase("commit", System.nanoTime() - t);
            return new Written(commits, moves, now);
        });
    }

    private PlanCommitter.Outcome commit(List<UUID> batch, Instant now) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> committer.commit(batch, now));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies a finished batch of the writer to the queue; a failed batch fails the cycle (and resets). */
    private void collectWritten() throws Exception {
        if (writing == null || !writing.isDone()) return;
        Future<Written> done = writing;
        writing = null;
        writingJobs = Set.of();
        Written w;
        try {
            w = done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        w.moves().applyTo(queue);
        for (PlanCommitter.Outcome outcome : w.commits()) {
            for (UUID id : outcome.placed()) {
                LiveJob j = queue.get(id);
                if (j != null) {
                    queue.put(id, j.with(JobState.PLACED, "committed", new LivePlan(
                            j.plan().site(), j.plan().startsAt(), j.plan().endsAt(), j.plan().nodes(), true)));
                    metrics.committed(j, w.at(), clock.speed());
                }
            }
            outcome.refused().forEach((id, why) -> {
                LiveJob j = queue.get(id);
                if (j != null) queue.put(id, j.with(JobState.QUEUED, why, null));
                LOG.debugf("commit refused for %s: %s", id, why);
            });
            if (!outcome.placed().isEmpty() || !outcome.refused().isEmpty()) rebuild = true;
        }
    }

    private void requeueOffNodes(EstateView view, Instant now) {
        Map<String, NodeState> states = new HashMap<>();
        for (Node n : view.nodes()) states.put(n.name(), n.state());
        List<PlanStore.Unplaced> back = new ArrayList<>();
        for (LiveJob j : queue.values()) {
            if (j.state() != JobState.PLACED || j.plan() == null) continue;
            for (String node : j.plan().nodes()) {
                NodeState st = states.get(node);
                if (st != NodeState.UP) {
                    back.add(new PlanStore.Unplaced(j.id(), "node " + node + " is " + (st == null ? "gone" : st)));
                    break;
                }
            }
        }
        if (back.isEmpty()) return;
        planStore.requeuePlaced(back, now).await().atMost(AWAIT);
        for (PlanStore.Unplaced u : back) queue.computeIfPresent(u.job(), (id, j) -> j.with(JobState.QUEUED, u.reason(), null));
        rebuild = true;
    }
}
