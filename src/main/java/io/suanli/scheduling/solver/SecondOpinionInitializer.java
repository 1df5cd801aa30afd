package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;

/**
 * A second construction after the cheapest-placement greedy: rebuilds the plan with
 * earliest-start greedy and keeps whichever is better (placed priority, then cost). Neither greedy
 * wins everywhere: cheapest placement crowds the cheap, low-carbon hours, earliest start packs the
 * horizon and places more on tight windows. Runs after the first plan is already published, so it
 * never delays the first valid solution; skipped above {@link #MAX_JOBS} jobs, where the time is
 * better spent in local search.
 */
public class SecondOpinionInitializer implements CustomPhaseCommand<SchedulePlan> {
    static final int MAX_JOBS = 50_000;

    @Override
    public void changeWorkingSolution(ScoreDirector<SchedulePlan> scoreDirector) {
        List<JobAssignment> all = scoreDirector.getWorkingSolution().getAssignments();
        if (all.size() > MAX_JOBS) return;
        ScheduleState state = StateAccess.of(scoreDirector);
        long medium = state.mediumScore(), soft = state.softScore();
        List<JobAssignment> movable = new ArrayList<>();
        List<Placement> before = new ArrayList<>();
        for (JobAssignment a : all) {
            if (a.isPinned()) continue;
            movable.add(a);
            before.add(a.getPlacement());
            if (a.getPlacement() != null) Changes.set(scoreDirector, a, null);
        }
        new GreedyInitializer(true).place(scoreDirector);
        boolean better = state.hardScore() == 0
                && (state.mediumScore() > medium || (state.mediumScore() == medium && state.softScore() > soft));
        if (!better) {
            for (JobAssignment a : movable) if (a.getPlacement() != null) Changes.set(scoreDirector, a, null);
            for (int i = 0; i < movable.size(); i++) if (before.get(i) != null) Changes.set(scoreDirector, movable.get(i), before.get(i));
        }
        scoreDirector.triggerVariableListeners();
    }
}
