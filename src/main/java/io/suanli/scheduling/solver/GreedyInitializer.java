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
        List<JobAssignment> waiting = new ArrayList<>();
        for (JobAssignment a : scoreDirector.getWorkingSolution().getAssignments()) {
            if (!a.isPinned() && a.getPlacement() == null) waiting.add(a);
        }
        waiting.sort(Comparator.comparing(JobAssignment::getJob, ORDER));
        PlacementSearch search = state.search();
        search.setEarliestFirst(earliestFirst);
        for (JobAssignment a : waiting) {
            Placement p = search.best(a.getJob(), true);
            if (p == null) continue;
            scoreDirector.beforeVariableChanged(a, JobAssignment.PLACEMENT);
            a.setPlacement(p);
            scoreDirector.afterVariableChanged(a, JobAssignment.PLACEMENT);
        }
        search.setEarliestFirst(false);
        scoreDirector.triggerVariableListeners();
    }
}
