package io.suanli.planning.service;

import io.suanli.planning.config.PlannerConfig;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.SchedulePlan;
import io.suanli.scheduling.solver.GreedyInitializer;
import io.suanli.scheduling.solver.SchedulingIncrementalScoreCalculator;
import io.suanli.scheduling.solver.SchedulingMoveIteratorFactory;
import io.suanli.scheduling.solver.SolveSettings;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.api.solver.change.ProblemChange;
import org.optaplanner.core.config.heuristic.selector.common.SelectionOrder;
import org.optaplanner.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.phase.custom.CustomPhaseConfig;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;
import org.optaplanner.core.impl.phase.custom.scope.CustomPhaseScope;
import org.optaplanner.core.impl.phase.event.PhaseLifecycleListenerAdapter;
import org.optaplanner.core.impl.phase.scope.AbstractPhaseScope;
import org.optaplanner.core.impl.phase.scope.AbstractStepScope;
import org.optaplanner.core.impl.solver.DefaultSolver;

/**
 * One running OptaPlanner solver in daemon mode, on its own thread. Each batch of changes reaches
 * it as ONE {@link ProblemChange} that swaps in the new snapshot and carries the working plan over
 * (facts are immutable and indexed, so a changed queue or estate is a new snapshot); the solver
 * then places the new jobs greedily, improves for {@link PlannerConfig#improveFor()} and waits
 * for the next batch without using the CPU. Each new best plan is handed to a listener.
 */
public final class LiveSolver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveSolver.class);

    /** A best plan and the frame and snapshot it was made in. */
    public record Best(SchedulePlan plan, LiveSnapshot live, long version) {}

    private final Solver<SchedulePlan> solver;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "live-solver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<LiveSnapshot> workingLive = new AtomicReference<>();
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong versions = new AtomicLong();
    private volatile boolean started;
    /** The last snapshot whose jobs the initializer has placed; guarded by itself as a monitor. */
    private final Object placedLock = new Object();
    private LiveSnapshot placed;

    public LiveSolver(PlannerConfig config, Consumer<Best> onBest) {
        SolverConfig solverConfig = config(config);
        this.solver = SolverFactory.<SchedulePlan>create(solverConfig).buildSolver();
        solver.addEventListener(event -> {
            SchedulePlan plan = event.getNewBestSolution();
            LiveSnapshot live = workingLive.get();
            // The event's plan belongs to the snapshot it carries; the live wrapper must match it.
            if (live != null && live.snapshot() == plan.getSnapshot()) {
                onBest.accept(new Best(plan, live, versions.incrementAndGet()));
            }
        });
        ((DefaultSolver<SchedulePlan>) solver).addPhaseLifecycleListener(new PhaseLifecycleListenerAdapter<>() {
            @Override
            public void stepEnded(AbstractStepScope<SchedulePlan> stepScope) {
                steps.incrementAndGet();
            }

            @Override
            public void phaseEnded(AbstractPhaseScope<SchedulePlan> phaseScope) {
                // The initializer has placed the new jobs: any better plan it made was handed over
                // at its step's end, before this.
                if (phaseScope instanceof CustomPhaseScope) {
                    synchronized (placedLock) {
                        placed = workingLive.get();
                        placedLock.notifyAll();
                    }
                }
            }
        });
    }

    private static SolverConfig config(PlannerConfig config) {
        int lateAcceptance = SolveSettings.defaultLateAcceptance(20_000);
        LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(new MoveIteratorFactoryConfig()
                        .withMoveIteratorFactoryClass(SchedulingMoveIteratorFactory.class)
                        .withSelectionOrder(SelectionOrder.RANDOM))
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(lateAcceptance))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1))
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(config.improveFor())
                        .withUnimprovedSpentLimit(config.improveUntilStuckFor()));
        return new SolverConfig()
                .withSolutionClass(SchedulePlan.class)
                .withEntityClasses(JobAssignment.class)
                .withScoreDirectorFactory(new ScoreDirectorFactoryConfig()
                        .withIncrementalScoreCalculatorClass(SchedulingIncrementalScoreCalculator.class))
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withDaemon(true)
                .withPhases(new CustomPhaseConfig().withCustomPhaseCommands(new GreedyInitializer()), localSearch);
    }

    /**
     * Hands a new snapshot to the solver: the first one starts it, later ones are one problem
     * change each (the caller batches: one call per planning cycle at most).
     */
    public synchronized void replace(LiveSnapshot next) {
        if (!started) {
            started = true;
            SchedulePlan start = LiveSnapshots.carryOver(next, null, null);
            workingLive.set(next);
            thread.submit(() -> {
                try {
                    solver.solve(start);
                } catch (RuntimeException e) {
                    LOG.error("the live solver stopped", e);
                }
            });
            return;
        }
        solver.addProblemChange(swap(next));
    }

    private ProblemChange<SchedulePlan> swap(LiveSnapshot next) {
        // Announced as an added fact (the new snapshot): OptaPlanner then rebuilds the score
        // state from the working solution, whose contents the change has just swapped.
        return (working, director) -> director.addProblemFact(next.snapshot(), snapshot -> {
            LiveSnapshot previous = workingLive.get();
            SlotFrame previousFrame = previous == null ? next.frame() : previous.frame();
            // Only jobs added to the working plan's own snapshot: its assignments hold as they are.
            SchedulePlan carried = next.extendsSnapshot(previous) && working.getSnapshot() == previous.snapshot()
                    ? LiveSnapshots.carryOverExtended(next, working)
                    : LiveSnapshots.carryOver(next, working, previousFrame);
            workingLive.set(next);
            working.replaceWith(carried);
        });
    }

    /**
     * Waits until the solver has taken in {@code snapshot} and placed its new jobs, at most
     * {@code timeout}: the best plan handed over by then contains their first plans.
     */
    public void awaitPlaced(LiveSnapshot snapshot, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (placedLock) {
            while (placed != snapshot) {
                long left = until - System.nanoTime();
                if (left <= 0) return;
                TimeUnit.NANOSECONDS.timedWait(placedLock, left);
            }
        }
    }

    /** Whether the solver has not yet taken in the last snapshot handed to it (then the next one waits: batching). */
    public boolean busy() {
        return started && !solver.isEveryProblemChangeProcessed();
    }

    /** Local search steps taken since the start. */
    public long steps() {
        return steps.get();
    }

    public boolean isRunning() {
        return started && solver.isSolving();
    }

    @Override
    public void close() {
        solver.terminateEarly();
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The score of a plan as the metrics report it. */
    public static HardMediumSoftLongScore scoreOf(SchedulePlan plan) {
        return plan.getScore();
    }
}
