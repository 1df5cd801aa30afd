package io.suanli.scheduling.domain;

import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.entity.PlanningPin;
import org.optaplanner.core.api.domain.lookup.PlanningId;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/**
 * The planning entity: one per job. Its single variable is the job's whole {@link Placement}
 * (start hour and gang of nodes), or null when the job is not placed. Pinned jobs never move.
 */
@PlanningEntity
public class JobAssignment {
    public static final String PLACEMENT = "placement";

    @PlanningId
    private String id;
    private JobFact job;
    @PlanningVariable(valueRangeProviderRefs = "placementRange", nullable = true)
    private Placement placement;

    /** For OptaPlanner's cloner only. */
    public JobAssignment() {}

    public JobAssignment(JobFact job, Placement placement) {
        this.id = job.id();
        this.job = job;
        this.placement = placement;
    }

    public String getId() { return id; }
    public JobFact getJob() { return job; }
    public Placement getPlacement() { return placement; }
    public void setPlacement(Placement placement) { this.placement = placement; }

    @PlanningPin
    public boolean isPinned() { return job.isPinned(); }

    public boolean isPlaced() { return placement != null; }

    /**
     * Placements are made by the engine's own moves, never enumerated, so the declared range holds
     * only the current value (the variable is nullable, so no construction heuristic needs it).
     */
    @ValueRangeProvider(id = "placementRange")
    public List<Placement> getPlacementRange() {
        return placement == null ? List.of() : List.of(placement);
    }

    /** Every task-hour of the placement that falls inside the horizon. */
    public List<TaskHour> taskHours() {
        int horizonHours = job.horizonHours();
        if (placement == null) return List.of();
        List<TaskHour> out = new ArrayList<>(placement.taskCount() * job.durationHours());
        int s = placement.startHour();
        for (int t = 0; t < placement.taskCount(); t++) {
            NodeFact n = placement.node(t);
            for (int h = Math.max(0, s); h < Math.min(horizonHours, s + job.durationHours()); h++) {
                out.add(new TaskHour(job, t, new NodeHour(n, h)));
            }
        }
        return out;
    }

    @Override
    public String toString() { return id + placement; }
}
