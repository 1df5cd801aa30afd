package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;

/** Records variable changes made through the score director, so that they can be undone in reverse. */
final class Changes {
    private final ScoreDirector<SchedulePlan> scoreDirector;
    private final List<JobAssignment> entities = new ArrayList<>();
    private final List<Placement> oldValues = new ArrayList<>();

    Changes(ScoreDirector<SchedulePlan> scoreDirector) {
        this.scoreDirector = scoreDirector;
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
        set(scoreDirector, a, p);
    }

    /** Undoes everything recorded so far, now. */
    void rollback() {
        for (int i = 0; i < entities.size(); i++) set(scoreDirector, entities.get(i), oldValues.get(i));
        entities.clear();
        oldValues.clear();
    }

    RestoreMove undoMove() {
        scoreDirector.triggerVariableListeners();
        return new RestoreMove(new ArrayList<>(entities), new ArrayList<>(oldValues));
    }
}
