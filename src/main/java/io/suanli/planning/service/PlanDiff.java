package io.suanli.planning.service;

import io.suanli.jobs.domain.JobState;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.LivePlan;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.planning.persistence.PlanStore;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What must be written so that the stored plans match a best plan: new or moved plans, PLANNED
 * jobs that lost their place, and the reason of each waiting job. Jobs that changed state since
 * the snapshot (committed, cancelled) are left out.
 */
public record PlanDiff(List<PlanStore.PlanRow> plans, List<PlanStore.Unplaced> unplanned, List<PlanStore.Unplaced> waiting) {

    public static final String NO_PLACE = "waiting: no feasible placement in the planning horizon now";
    public static final String PLAN_LOST = "plan lost: no feasible placement now";

    public static PlanDiff of(LiveSolver.Best best, Map<UUID, LiveJob> queue) {
        List<PlanStore.PlanRow> plans = new ArrayList<>();
        List<PlanStore.Unplaced> unplanned = new ArrayList<>();
        List<PlanStore.Unplaced> waiting = new ArrayList<>();
        for (JobAssignment a : best.plan().getAssignments()) {
            if (a.isPinned()) continue;
            LiveJob job = queue.get(UUID.fromString(a.getId()));
            if (job == null || !job.waiting()) continue;
            compare(best, a, job, plans, unplanned, waiting);
        }
        best.live().leftOut().forEach((id, why) -> {
            LiveJob job = queue.get(id);
            if (job != null && job.waiting()) unplaced(job, why, unplanned, waiting);
        });
        return new PlanDiff(plans, unplanned, waiting);
    }

    /**
     * The part of {@link #of} for jobs without a plan yet (QUEUED): their first plans and the
     * reasons they wait. Costs a pass over the queue instead of one over every assignment: what
     * the planner writes between full differences.
     */
    public static PlanDiff firstPlans(LiveSolver.Best best, Map<UUID, LiveJob> queue) {
        List<PlanStore.PlanRow> plans = new ArrayList<>();
        List<PlanStore.Unplaced> waiting = new ArrayList<>();
        PlanningSnapshot snapshot = best.plan().getSnapshot();
        List<JobAssignment> assignments = best.plan().getAssignments();
        for (LiveJob job : queue.values()) {
            if (job.state() != JobState.QUEUED) continue;
            JobFact fact = snapshot.job(job.id().toString());
            if (fact != null) {
                compare(best, assignments.get(fact.index()), job, plans, List.of(), waiting);
            } else {
                String why = best.live().leftOut().get(job.id());
                if (why != null) unplaced(job, why, List.of(), waiting);
            }
        }
        return new PlanDiff(plans, List.of(), waiting);
    }

    /** Adds what must be written for one waiting job so that its stored plan matches its assignment. */
    private static void compare(LiveSolver.Best best, JobAssignment a, LiveJob job, List<PlanStore.PlanRow> plans,
            List<PlanStore.Unplaced> unplanned, List<PlanStore.Unplaced> waiting) {
        Placement p = a.getPlacement();
        if (p == null) {
            unplaced(job, NO_PLACE, unplanned, waiting);
            return;
        }
        SlotFrame frame = best.live().frame();
        Instant start = frame.startOf(p.startHour());
        if (job.state() == JobState.PLANNED && samePlacement(job.plan(), start, p)) return;
        PlanningSnapshot snapshot = best.plan().getSnapshot();
        List<String> nodes = new ArrayList<>(p.taskCount());
        double carbon = 0;
        for (NodeFact n : p.nodes()) {
            nodes.add(n.id());
            carbon += snapshot.taskCarbonKg(a.getJob(), n, p.startHour());
        }
        plans.add(new PlanStore.PlanRow(job.id(), p.site().id(), start, start.plus(Duration.ofHours(job.durationHours())), carbon, nodes));
    }

    /** {@link LivePlan#samePlacement} without building the other plan: most assignments did not move. */
    private static boolean samePlacement(LivePlan stored, Instant start, Placement p) {
        if (stored == null || !stored.startsAt().equals(start) || stored.nodes().size() != p.taskCount()) return false;
        for (int t = 0; t < p.taskCount(); t++) {
            if (!stored.nodes().get(t).equals(p.node(t).id())) return false;
        }
        return true;
    }

    private static void unplaced(LiveJob job, String why, List<PlanStore.Unplaced> unplanned, List<PlanStore.Unplaced> waiting) {
        if (job.state() == JobState.PLANNED) unplanned.add(new PlanStore.Unplaced(job.id(), PLAN_LOST + " (" + why + ")"));
        else if (!why.equals(job.reason())) waiting.add(new PlanStore.Unplaced(job.id(), why));
    }

    /** No difference: nothing to write. */
    public static final PlanDiff NONE = new PlanDiff(List.of(), List.of(), List.of());

    /** This difference without anything for {@code jobs} (a batch in flight writes them). */
    public PlanDiff without(Set<UUID> jobs) {
        if (jobs.isEmpty()) return this;
        return new PlanDiff(plans.stream().filter(r -> !jobs.contains(r.job())).toList(),
                unplanned.stream().filter(u -> !jobs.contains(u.job())).toList(),
                waiting.stream().filter(u -> !jobs.contains(u.job())).toList());
    }

    /** This difference without the plans that only moved (jobs that were PLANNED already and stay planned). */
    public PlanDiff withoutMoves(Map<UUID, LiveJob> queue) {
        return new PlanDiff(plans.stream().filter(r -> !isMove(r, queue)).toList(), unplanned, waiting);
    }

    /** At most {@code max} of the plans that only moved, and nothing else. */
    public PlanDiff moves(int max, Map<UUID, LiveJob> queue) {
        return moves(r -> false, max, queue);
    }

    /** Every plan that only moved and passes {@code urgent}, then at most {@code max} of the others; nothing else. */
    public PlanDiff moves(Predicate<PlanStore.PlanRow> urgent, int max, Map<UUID, LiveJob> queue) {
        List<PlanStore.PlanRow> out = new ArrayList<>();
        List<PlanStore.PlanRow> rest = new ArrayList<>();
        for (PlanStore.PlanRow r : plans) {
            if (!isMove(r, queue)) continue;
            if (urgent.test(r)) out.add(r);
            else if (rest.size() < max) rest.add(r);
        }
        out.addAll(rest);
        return new PlanDiff(out, List.of(), List.of());
    }

    private static boolean isMove(PlanStore.PlanRow row, Map<UUID, LiveJob> queue) {
        LiveJob j = queue.get(row.job());
        return j != null && j.state() == JobState.PLANNED;
    }

    public boolean isEmpty() {
        return plans.isEmpty() && unplanned.isEmpty() && waiting.isEmpty();
    }

    /** Applies the written difference to the queue; returns the jobs that got their first plan. */
    public List<LiveJob> applyTo(Map<UUID, LiveJob> queue) {
        List<LiveJob> first = new ArrayList<>();
        for (PlanStore.PlanRow r : plans) {
            LiveJob j = queue.get(r.job());
            if (j == null) continue;
            if (j.state() == JobState.QUEUED) first.add(j);
            queue.put(j.id(), j.with(JobState.PLANNED, "planned", new LivePlan(r.site(), r.startsAt(), r.endsAt(), r.nodes(), false)));
        }
        for (PlanStore.Unplaced u : unplanned) queue.computeIfPresent(u.job(), (id, j) -> j.with(JobState.QUEUED, u.reason(), null));
        for (PlanStore.Unplaced u : waiting) queue.computeIfPresent(u.job(), (id, j) -> j.with(j.state(), u.reason(), null));
        return first;
    }
}
