package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;

/**
 * The construction phase: waiting jobs in order of priority (then of demand, largest first), each
 * at its cheapest feasible start, site and nodes against the occupancy so far. Produces a feasible
 * plan in one pass; OptaPlanner's own construction heuristic would not finish at 100,000 jobs.
 */
public class GreedyInitializer implements CustomPhaseCommand<SchedulePlan> {
    private final boolean earliestFirst;

    /** The cheapest-placement initializer. */
    public GreedyInitializer() {
        this(false);
    }

    /**
     * @param earliestFirst take each job's earliest feasible start (then the cheapest site there)
     *     instead of its cheapest option
     */
    public GreedyInitializer(boolean earliestFirst) {
        this.earliestFirst = earliestFirst;
    }

    /** Higher priority first; among equals the larger demand first (it is the harder to fit later). */
    public static final Comparator<JobFact> ORDER = Comparator.comparingLong(JobFact::priority).reversed()
            .thenComparing(Comparator.comparingDouble(GreedyInitializer::demand).reversed())
            .thenComparingInt(JobFact::index);

    /**
     * The construction order: higher priority first; among equals the least flexible first (fewest
     * possible starts x nodes that could host a task, {@link ScheduleState#flexibility}), then the
     * larger demand. Most-constrained-first: a job that can run almost anywhere otherwise takes the
     * node-hours that are the only hosts of a latency- or region-bound job placed after it (on
     * trace-medium-1 the construction placed 16,384 priority in demand order, 18,100 in this one).
     */
    static Comparator<JobFact> constructionOrder(ScheduleState state) {
        return Comparator.comparingLong(JobFact::priority).reversed()
                .thenComparingDouble(state::flexibility)
                .thenComparing(Comparator.comparingDouble(GreedyInitializer::demand).reversed())
                .thenComparingInt(JobFact::index);
    }

    static double demand(JobFact j) {
        return (double) j.tasks() * j.durationHours() * (j.gpus() * 16.0 + j.cpuCores());
    }

    @Override
    public void changeWorkingSolution(ScoreDirector<SchedulePlan> scoreDirector) {
        place(scoreDirector);
    }

    /** Places every waiting, unplaced job greedily. */
    void place(ScoreDirector<SchedulePlan> scoreDirector) {
        ScheduleState state = StateAccess.of(scoreDirector);
        placeAll(state, scoreDirector.getWorkingSolution().getAssignments(), earliestFirst, (a, p) -> Changes.set(scoreDirector, a, p));
        scoreDirector.triggerVariableListeners();
    }

    /**
     * Places every waiting, unplaced job of {@code assignments} in {@link #constructionOrder}, each at
     * its cheapest (or earliest) feasible placement, through {@code setter}.
     */
    static void placeAll(ScheduleState state, List<JobAssignment> assignments, boolean earliestFirst, Changes.Setter setter) {
        List<JobAssignment> waiting = new ArrayList<>();
        for (JobAssignment a : assignments) {
            if (!a.isPinned() && a.getPlacement() == null) waiting.add(a);
        }
        waiting.sort(Comparator.comparing(JobAssignment::getJob, constructionOrder(state)));
        PlacementSearch search = state.search();
        search.setEarliestFirst(earliestFirst);
        try {
            for (JobAssignment a : waiting) {
                Placement p = search.best(a.getJob(), true);
                if (p != null) setter.set(a, p);
            }
        } finally {
            search.setEarliestFirst(false);
        }
    }
}
