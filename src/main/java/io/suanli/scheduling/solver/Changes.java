package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;

/** Records variable changes made through the score director, so that they can be undone in reverse. */
final class Changes {
    /** How one variable change is made: through the score director while solving, straight on the state in unit tests. */
    interface Setter {
        void set(JobAssignment a, Placement p);
    }

    private final ScoreDirector<SchedulePlan> scoreDirector;
    private final Setter setter;
    private final List<JobAssignment> entities = new ArrayList<>();
    private final List<Placement> oldValues = new ArrayList<>();

    Changes(ScoreDirector<SchedulePlan> scoreDirector) {
        this.scoreDirector = scoreDirector;
        this.setter = (a, p) -> set(scoreDirector, a, p);
    }

    private Changes(Setter setter) {
        this.scoreDirector = null;
        this.setter = setter;
    }

    /** Changes applied straight to a state (no score director): for unit tests of the moves' building blocks. */
    static Changes onState(ScheduleState state) {
        return new Changes((a, p) -> {
            state.remove(a);
            a.setPlacement(p);
            state.add(a);
        });
    }

    static void set(ScoreDirector<SchedulePlan> sd, JobAssignment a, Placement p) {
        sd.beforeVariableChanged(a, JobAssignment.PLACEMENT);
        a.setPlacement(p);
        sd.afterVariableChanged(a, JobAssignment.PLACEMENT);
    }

    void set(JobAssignment a, Placement p) {
        if (a.getPlacement() == p) return;
        entities.add(0, a);
        oldValues.add(0, a.getPlacement());
        setter.set(a, p);
    }

    /** Undoes everything recorded so far, now. */
    void rollback() {
        for (int i = 0; i < entities.size(); i++) setter.set(entities.get(i), oldValues.get(i));
        entities.clear();
        oldValues.clear();
    }

    RestoreMove undoMove() {
        if (scoreDirector != null) scoreDirector.triggerVariableListeners();
        return new RestoreMove(new ArrayList<>(entities), new ArrayList<>(oldValues));
    }
}
