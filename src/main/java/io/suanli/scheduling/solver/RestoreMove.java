package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.move.Move;

/** Sets a list of jobs back to given placements, in order: the undo of a {@link ReplanMove}. */
final class RestoreMove implements Move<SchedulePlan> {
    private final List<JobAssignment> entities;
    private final List<Placement> placements;

    RestoreMove(List<JobAssignment> entities, List<Placement> placements) {
        this.entities = entities;
        this.placements = placements;
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<SchedulePlan> scoreDirector) { return true; }

    @Override
    public Move<SchedulePlan> doMove(ScoreDirector<SchedulePlan> scoreDirector) {
        List<JobAssignment> undoEntities = new ArrayList<>(entities.size());
        List<Placement> undoPlacements = new ArrayList<>(entities.size());
        for (int i = 0; i < entities.size(); i++) {
            JobAssignment a = entities.get(i);
            undoEntities.add(0, a);
            undoPlacements.add(0, a.getPlacement());
            Changes.set(scoreDirector, a, placements.get(i));
        }
        return new RestoreMove(undoEntities, undoPlacements);
    }

    @Override
    public List<JobAssignment> getPlanningEntities() { return entities; }

    @Override
    public String toString() { return "restore" + entities; }
}
