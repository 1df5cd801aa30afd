package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.SchedulePlan;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.score.calculator.IncrementalScoreCalculator;

/**
 * The fast score used while solving: the same rules and amounts as
 * {@link SchedulingConstraintProvider}, kept in {@link ScheduleState}'s integer arrays. A move
 * costs (tasks x hours) of the jobs it changes. FULL_ASSERT tests compare it with the provider.
 */
public class SchedulingIncrementalScoreCalculator implements IncrementalScoreCalculator<SchedulePlan, HardMediumSoftLongScore> {
    private ScheduleState state;

    @Override
    public void resetWorkingSolution(SchedulePlan plan) {
        if (state == null || state.snapshot() != plan.getSnapshot()) state = new ScheduleState(plan.getSnapshot());
        state.reset(plan);
    }

    /** The occupancy the moves and the initializer read. */
    public ScheduleState state() { return state; }

    @Override
    public void beforeEntityAdded(Object entity) {}

    @Override
    public void afterEntityAdded(Object entity) {
        throw new UnsupportedOperationException("jobs are added through a new snapshot");
    }

    @Override
    public void beforeVariableChanged(Object entity, String variableName) {
        state.remove((JobAssignment) entity);
    }

    @Override
    public void afterVariableChanged(Object entity, String variableName) {
        state.add((JobAssignment) entity);
    }

    @Override
    public void beforeEntityRemoved(Object entity) {
        throw new UnsupportedOperationException("jobs are removed through a new snapshot");
    }

    @Override
    public void afterEntityRemoved(Object entity) {}

    @Override
    public HardMediumSoftLongScore calculateScore() {
        return HardMediumSoftLongScore.of(state.hardScore(), state.mediumScore(), state.softScore());
    }
}
