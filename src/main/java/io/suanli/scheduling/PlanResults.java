package io.suanli.scheduling;

import io.suanli.scenario.ResultDocument;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.List;

/** Turns a plan into a {@code suanli-result/1} document, with the objective in the format's arithmetic. */
public final class PlanResults {
    private PlanResults() {}

    public static ResultDocument toResult(SchedulePlan plan, String solver, long solveMillis) {
        List<ResultDocument.Assignment> assignments = new ArrayList<>();
        List<String> unassigned = new ArrayList<>();
        for (JobAssignment a : plan.getAssignments()) {
            Placement p = a.getPlacement();
            if (p == null) {
                unassigned.add(a.getId());
            } else {
                assignments.add(new ResultDocument.Assignment(a.getId(), p.startHour(), p.nodes().stream().map(NodeFact::id).toList()));
            }
        }
        return new ResultDocument(ResultDocument.FORMAT, plan.getSnapshot().name(), solver, solveMillis, assignments, unassigned,
                objective(plan));
    }

    /** The objective summed like the reference checker: per task, per hour, in doubles. */
    public static ResultDocument.Objective objective(SchedulePlan plan) {
        PlanningSnapshot snapshot = plan.getSnapshot();
        long placedPriority = 0, unplacedPriority = 0;
        double cost = 0, carbonKg = 0;
        for (JobAssignment a : plan.getAssignments()) {
            JobFact job = a.getJob();
            Placement p = a.getPlacement();
            if (p == null) {
                unplacedPriority += job.priority();
                continue;
            }
            placedPriority += job.priority();
            for (NodeFact n : p.nodes()) {
                double hp = snapshot.taskHourlyPrice(job, n);
                cost += job.durationHours() * hp;
                double kw = snapshot.taskKw(job, n);
                for (int h = p.startHour(); h < p.startHour() + job.durationHours(); h++) {
                    carbonKg += kw * n.site().region().intensityAt(h) / 1000.0;
                }
            }
        }
        double carbonCost = carbonKg / 1000.0 * snapshot.carbonPricePerTonne();
        return new ResultDocument.Objective(placedPriority, unplacedPriority, round6(cost), round6(carbonKg), round6(carbonCost),
                round6(cost + carbonCost));
    }

    private static double round6(double d) {
        return Math.round(d * 1e6) / 1e6;
    }
}
