package io.suanli.scheduling.domain;

import java.util.List;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;

/**
 * The planning solution: the snapshot it plans against and one {@link JobAssignment} per job.
 * Score: hard = broken rules, medium = placed priority, soft = -(cost + carbon cost) in micro-units.
 */
@PlanningSolution(solutionCloner = SchedulePlanCloner.class)
public class SchedulePlan {
    private PlanningSnapshot snapshot;
    @ProblemFactCollectionProperty
    private List<NodeFact> nodes;
    @ProblemFactCollectionProperty
    private List<TenantFact> tenants;
    @PlanningEntityCollectionProperty
    private List<JobAssignment> assignments;
    @PlanningScore
    private HardMediumSoftLongScore score;

    /** For OptaPlanner only. */
    public SchedulePlan() {}

    public SchedulePlan(PlanningSnapshot snapshot, List<JobAssignment> assignments) {
        this.snapshot = snapshot;
        this.nodes = snapshot.nodes();
        this.tenants = snapshot.tenants();
        this.assignments = assignments;
    }

    /** A plan with every waiting job unplaced and every pinned job where it is pinned. */
    public static SchedulePlan unplaced(PlanningSnapshot snapshot) {
        List<JobAssignment> list = new java.util.ArrayList<>(snapshot.jobs().size());
        for (JobFact job : snapshot.jobs()) {
            Placement p = job.isPinned() ? Placement.of(snapshot, job, job.pinnedStartHour(), job.pinnedNodes()) : null;
            list.add(new JobAssignment(job, p));
        }
        return new SchedulePlan(snapshot, list);
    }

    /**
     * Takes over another plan's snapshot and assignments: how the live solver swaps a new snapshot
     * into the working solution that OptaPlanner keeps (inside a problem change).
     */
    public void replaceWith(SchedulePlan other) {
        this.snapshot = other.snapshot;
        this.nodes = other.nodes;
        this.tenants = other.tenants;
        this.assignments = other.assignments;
        this.score = null;
    }

    public PlanningSnapshot getSnapshot() { return snapshot; }
    public List<NodeFact> getNodes() { return nodes; }
    public List<TenantFact> getTenants() { return tenants; }
    public List<JobAssignment> getAssignments() { return assignments; }
    public HardMediumSoftLongScore getScore() { return score; }
    public void setScore(HardMediumSoftLongScore score) { this.score = score; }
}
