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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The live scheduler on the leader: keeps the queue (fed by the job event feed), hands the running
 * solver a new snapshot whenever the queue, the estate or the slot changes, stores each newer best
 * plan, commits the plans that entered the freeze window, and sends committed jobs whose node left
 * service back to the queue. One thread; every cycle is one pass of the numbered phases in
 * {@link #cycle()}. Starts and stops with leadership.
 */
@Singleton
public class LivePlanner {

    private static final Logger LOG = Logger.getLogger(LivePlanner.class);
    private static final int FEED_PAGE = 5_000;
    private static final int COMMIT_BATCH = 1_000;
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final Duration MOVED_PLANS_EVERY = Duration.ofSeconds(2);
    private static final int MOVES_PER_CYCLE = 500;
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    /** How long a cycle waits for the solver to take in the snapshot it was just handed. */
    private static final Duration SOLVER_TAKE_IN = Duration.ofSeconds(1);

    private final PlannerConfig config;
    private final QueueStore queueStore;
    private final PlanStore planStore;
    private final PlanCommitter committer;
    private final EstateCache estate;
    private final SettingsStore settings;
    private final ExchangeClock clock;
    private final PlannerMetrics metrics;

    private ScheduledExecutorService loop;
    private final Map<UUID, LiveJob> queue = new HashMap<>();
    private FeedPosition position;
    private LiveSolver solver;
    private final AtomicReference<LiveSolver.Best> latest = new AtomicReference<>();
    private long storedVersion;
    private EstateView lastEstate;
    private Instant lastSlotZero;
    private boolean queueChanged;
    private ExchangeSettings exchange;
    private long exchangeReadAt;
    private long movedPlansWrittenAt;
    private long committedAt;

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
            loop.scheduleWithFixedDelay(this::safeCycle, 0, config.cycle().toMillis(), TimeUnit.MILLISECONDS);
        } else if (!change.leading() && loop != null) {
            ScheduledExecutorService stopping = loop;
            loop = null;
            stopping.execute(this::reset);
            stopping.shutdown();
        }
    }

    /** Stops planning before the pools close, whether or not leadership was handed over first. */
    synchronized void onShutdown(@Observes io.quarkus.runtime.ShutdownEvent ignored) {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
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
        if (solver != null) solver.close();
        solver = null;
        queue.clear();
        position = null;
        latest.set(null);
        storedVersion = 0;
        lastEstate = null;
        lastSlotZero = null;
    }

    /** One pass; package-visible so that tests can read the phases. */
    void cycle() throws Throwable {
        long t = System.nanoTime();
        // 1. The queue: load it whole once, then follow the job event feed.
        if (position == null) loadQueue();
        else followFeed();
        t = timed("feed", t);
        // 2. The estate, the settings and the frame (slot 0 contains now).
        EstateView view = VertxContextSupport.subscribeAndAwait(estate::view);
        ExchangeSettings s = exchangeSettings();
        Instant now = clock.instant();
        SlotFrame frame = SlotFrame.at(now, s.slotMinutes(), s.horizonHours(), s.freezeSlots());
        // 3. Anything changed: one new snapshot for the solver, once it has taken in the previous
        //    one (changes arriving meanwhile are batched into the next snapshot).
        boolean changed = solver == null || queueChanged || view != lastEstate || !frame.slotZero().equals(lastSlotZero);
        if (changed && (solver == null || !solver.busy())) {
            LiveSnapshot snapshot = LiveSnapshots.build(view, s.carbonPricePerTonne().doubleValue(), frame, queue.values());
            if (solver == null) solver = new LiveSolver(config, latest::set);
            solver.replace(snapshot);
            metrics.snapshotTaken(snapshot);
            queueChanged = false;
            lastEstate = view;
            lastSlotZero = frame.slotZero();
            t = timed("snapshot", t);
            // New jobs get their first plan from the solver's placement of this snapshot: waiting
            // for it here stores it in this cycle instead of one to two cycles later.
            solver.awaitPlaced(snapshot, SOLVER_TAKE_IN);
            t = timed("take-in", t);
        }
        // 4. Store the newest best plan, as a difference to what is stored.
        LiveSolver.Best best = latest.get();
        if (best != null && best.version() > storedVersion) {
            // Moves held back are written in a later cycle from the same best plan.
            if (store(best)) storedVersion = best.version();
            metrics.bestPlan(best.plan(), solver.steps());
            t = timed("store", t);
        }
        // 5. Commit the stored plans whose start entered the freeze window, at most every
        //    COMMIT_EVERY: a commit costs the same for ten plans as for a hundred, and every
        //    cycle it takes delays the first plans of the jobs arriving meanwhile.
        if (System.nanoTime() - committedAt >= COMMIT_EVERY.toNanos()) {
            commitDue(frame, now);
            committedAt = System.nanoTime();
            t = timed("commit", t);
        }
        // 6. Committed jobs not yet dispatched whose node left service go back to the queue.
        requeueOffNodes(view, now);
        timed("requeue", t);
    }

    private long timed(String phase, long since) {
        long now = System.nanoTime();
        metrics.phase(phase, now - since);
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
        queueChanged = true;
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
        boolean ended = false;
        for (LiveJob j : queueStore.byIds(changed).await().atMost(AWAIT)) {
            LiveJob before = j.waiting() || j.pinned() || isUnfinished(j.state()) ? queue.put(j.id(), j) : queue.remove(j.id());
            if (!isUnfinished(j.state())) ended |= before != null;
            queueChanged |= before == null || before.waiting() != j.waiting() || before.pinned() != j.pinned()
                    || (j.pinned() && !j.plan().samePlacement(before.plan()));
        }
        if (ended) planStore.deleteStaleTentativePlans().await().atMost(AWAIT);
    }

    private static boolean isUnfinished(JobState state) {
        return state == JobState.QUEUED || state == JobState.PLANNED || state == JobState.PLACED
                || state == JobState.DISPATCHED || state == JobState.RUNNING;
    }

    /**
     * Writes what changed; answers whether all of it was written. Jobs that get their first plan,
     * lose it or wait with a new reason are written at once; plans that merely moved (the local
     * search improving them) at most every {@link #MOVED_PLANS_EVERY} and at most
     * {@link #MOVES_PER_CYCLE} per cycle, the rest in the cycles after: under steady load writing
     * every move was the largest part of the cycle and delayed the first plans behind it.
     */
    private boolean store(LiveSolver.Best best) {
        PlanDiff diff = PlanDiff.of(best, queue);
        if (diff.isEmpty()) return true;
        boolean movesDue = System.nanoTime() - movedPlansWrittenAt >= MOVED_PLANS_EVERY.toNanos();
        // Both parts are taken before either is applied: applying the first plans makes their jobs PLANNED.
        PlanDiff first = diff.withoutMoves(queue);
        PlanDiff moves = movesDue ? diff.moves(MOVES_PER_CYCLE, queue) : diff.moves(0, queue);
        // First plans in a transaction of their own, stamped with the time of their write.
        write(first);
        write(moves);
        boolean all = first.plans().size() + moves.plans().size() == diff.plans().size();
        if (movesDue && all) movedPlansWrittenAt = System.nanoTime();
        return all;
    }

    private void write(PlanDiff part) {
        if (part.isEmpty()) return;
        Instant at = clock.instant();
        planStore.write(part.plans(), part.unplanned(), part.waiting(), at).await().atMost(AWAIT);
        for (LiveJob planned : part.applyTo(queue)) metrics.firstPlan(planned, at, clock.speed());
    }

    private void commitDue(SlotFrame frame, Instant now) throws Throwable {
        List<UUID> due = new ArrayList<>();
        for (LiveJob j : queue.values()) {
            if (j.state() == JobState.PLANNED && j.plan() != null && frame.inFreezeWindow(frame.slotOf(j.plan().startsAt()))) {
                due.add(j.id());
            }
        }
        for (int from = 0; from < due.size(); from += COMMIT_BATCH) {
            List<UUID> batch = due.subList(from, Math.min(due.size(), from + COMMIT_BATCH));
            PlanCommitter.Outcome outcome = VertxContextSupport.subscribeAndAwait(() -> committer.commit(batch, now));
            for (UUID id : outcome.placed()) {
                LiveJob j = queue.get(id);
                if (j != null) {
                    queue.put(id, j.with(JobState.PLACED, "committed", new io.suanli.planning.domain.LivePlan(
                            j.plan().site(), j.plan().startsAt(), j.plan().endsAt(), j.plan().nodes(), true)));
                    metrics.committed(j, now, clock.speed());
                }
            }
            outcome.refused().forEach((id, why) -> {
                LiveJob j = queue.get(id);
                if (j != null) queue.put(id, j.with(JobState.QUEUED, why, null));
                LOG.debugf("commit refused for %s: %s", id, why);
            });
            if (!outcome.placed().isEmpty() || !outcome.refused().isEmpty()) queueChanged = true;
        }
    }

    private void requeueOffNodes(EstateView view, Instant now) {
        Map<String, NodeState> states = new HashMap<>();
        for (Node n : view.nodes()) states.put(n.name(), n.state());
        List<io.suanli.planning.persistence.PlanStore.Unplaced> back = new ArrayList<>();
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
        queueChanged = true;
    }
}
