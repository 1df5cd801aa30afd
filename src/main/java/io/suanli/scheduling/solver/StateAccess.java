package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.SchedulePlan;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.score.director.incremental.IncrementalScoreDirector;

/** Reaches the live {@link ScheduleState} behind the solver's score director. */
final class StateAccess {
    private StateAccess() {}

    static ScheduleState of(ScoreDirector<SchedulePlan> scoreDirector) {
        if (scoreDirector instanceof IncrementalScoreDirector<?, ?> isd
                && isd.getIncrementalScoreCalculator() instanceof SchedulingIncrementalScoreCalculator calc) {
            return calc.state();
        }
        throw new IllegalStateException("the scheduling moves need SchedulingIncrementalScoreCalculator as the score calculator");
    }
}
