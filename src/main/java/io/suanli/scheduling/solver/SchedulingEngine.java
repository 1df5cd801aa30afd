package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.function.Consumer;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;

/** Solves one snapshot: greedy initializer, then local search, reporting each new best score. */
public final class SchedulingEngine {
    /** A new best score, with the solver's time spent so far. */
    public record Progress(long millis, HardMediumSoftLongScore score) {}

    /** The best plan and when the first feasible plan appeared (-1 if none did). */
    public record Outcome(SchedulePlan plan, long firstFeasibleMillis, long solveMillis) {}

    private SchedulingEngine() {}

    public static Outcome solve(PlanningSnapshot snapshot, SolveSettings settings, Consumer<Progress> progress) {
        return solve(SchedulePlan.unplaced(snapshot), settings, progress);
    }

    public static Outcome solve(SchedulePlan start, SolveSettings settings, Consumer<Progress> progress) {
        Solver<SchedulePlan> solver = SolverFactory.<SchedulePlan>create(
                SchedulingSolverConfig.create(settings, start.getAssignments().size())).buildSolver();
        long[] firstFeasible = {-1};
        solver.addEventListener(event -> {
            HardMediumSoftLongScore score = (HardMediumSoftLongScore) event.getNewBestScore();
            if (firstFeasible[0] < 0 && score.hardScore() == 0) firstFeasible[0] = event.getTimeMillisSpent();
            progress.accept(new Progress(event.getTimeMillisSpent(), score));
        });
        long t0 = System.nanoTime();
        SchedulePlan best = solver.solve(start);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (firstFeasible[0] < 0 && best.getScore() != null && best.getScore().hardScore() == 0) firstFeasible[0] = millis;
        return new Outcome(best, firstFeasible[0], millis);
    }
}
