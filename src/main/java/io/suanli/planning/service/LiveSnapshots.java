package io.suanli.planning.service;

import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.Tenant;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.LivePlan;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.JobSpec;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlacementRules;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import io.suanli.scheduling.solver.GreedyInitializer;
import io.suanli.scheduling.solver.ScheduleState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the engine's snapshot of the live exchange (the Kueue "cache + queue" seen at one
 * instant) and carries an earlier plan over onto it. Nodes that are not UP are left out, so no new
 * work goes there; committed and running jobs are pinned for their remaining slots; waiting jobs
 * keep their window in slots.
 */
public final class LiveSnapshots {

    public static final String OUTSIDE_HORIZON = "outside planning horizon";
    private static final AtomicLong SERIALS = new AtomicLong();

    private LiveSnapshots() {}

    /** The snapshot of the estate and these jobs in the frame. */
    public static LiveSnapshot build(EstateView estate, double carbonPricePerTonne, SlotFrame frame, Collection<LiveJob> jobs) {
        int horizon = frame.horizonSlots();
        PlanningSnapshot.Builder b = PlanningSnapshot.builder("live@" + frame.slotZero(), horizon, carbonPricePerTonne);
        List<Site> sites = new ArrayList<>(estate.sites());
        sites.sort(Comparator.comparing(Site::name));
        Set<String> regions = new TreeSet<>();
        for (Site s : sites) regions.add(s.region());
        for (String r : regions) {
            Region region = estate.region(r);
            b.region(r, region.intensitySeries(frame.slotZero(), horizon).stream().mapToDouble(Double::doubleValue).toArray());
        }
        for (Site s : sites) b.site(s.name(), s.region(), s.tier().name(), s.pue() == null ? 1.0 : s.pue());
        for (int i = 0; i < sites.size(); i++) {
            for (int k = i + 1; k < sites.size(); k++) {
                Double ms = estate.latencyMs(sites.get(i).name(), sites.get(k).name());
                if (ms != null) b.latency(sites.get(i).name(), sites.get(k).name(), ms);
            }
        }
        Set<String> up = new HashSet<>();
        List<Node> nodes = new ArrayList<>(estate.nodes());
        nodes.sort(Comparator.comparing(Node::name));
        for (Node n : nodes) {
            if (n.state() != NodeState.UP) continue;
            up.add(n.name());
            b.node(n.name(), n.site(), n.cpuCores(), n.memoryGiB(), n.gpus(), n.gpuModel(),
                    n.pricePerHour().cpuCore().doubleValue(), n.pricePerHour().memoryGiB().doubleValue(),
                    n.pricePerHour().gpu().doubleValue(), n.powerWatts().cpuCore(), n.powerWatts().gpu());
        }
        Set<String> tenants = new LinkedHashSet<>();
        for (LiveJob j : jobs) tenants.add(j.tenant());
        for (String t : tenants) {
            Tenant tenant = estate.tenant(t);
            b.tenant(t, tenant == null || tenant.gpuQuota() == null ? null : tenant.gpuQuota().longValue(),
                    tenant == null || tenant.cpuQuota() == null ? null : tenant.cpuQuota().longValue());
        }
        Map<String, LiveJob> in = new LinkedHashMap<>();
        Map<UUID, String> leftOut = new HashMap<>();
        List<LiveJob> ordered = new ArrayList<>(jobs);
        ordered.sort(Comparator.comparing(LiveJob::id));
        for (LiveJob j : ordered) {
            JobSpec spec = j.pinned() ? pinnedSpec(j, frame, up) : waitingSpec(j, frame, leftOut);
            if (spec == null) continue;
            b.job(spec);
            in.put(spec.id(), j);
        }
        return new LiveSnapshot(b.build(), frame, Map.copyOf(in), Map.copyOf(leftOut), SERIALS.incrementAndGet(), 0);
    }

    /**
     * {@code base} with new waiting jobs added, in the same frame: the cheap way to take in new
     * submissions between full builds (a copy of the job list instead of new facts for every job).
     * Null when it cannot be done: a job of a tenant the base does not know.
     */
    public static LiveSnapshot extend(LiveSnapshot base, Collection<LiveJob> added) {
        PlanningSnapshot snapshot = base.snapshot();
        List<LiveJob> ordered = new ArrayList<>(added);
        ordered.sort(Comparator.comparing(LiveJob::id));
        List<JobSpec> specs = new ArrayList<>(ordered.size());
        Map<String, LiveJob> in = new HashMap<>(base.jobs());
        Map<UUID, String> leftOut = new HashMap<>(base.leftOut());
        for (LiveJob j : ordered) {
            if (j.pinned() || !snapshot.hasTenant(j.tenant()) || in.containsKey(j.id().toString())) return null;
            JobSpec spec = waitingSpec(j, base.frame(), leftOut);
            if (spec == null) continue;
            specs.add(spec);
            in.put(spec.id(), j);
        }
        return new LiveSnapshot(snapshot.withJobs(specs), base.frame(), Collections.unmodifiableMap(in),
                Collections.unmodifiableMap(leftOut), SERIALS.incrementAndGet(), base.serial());
    }

    /**
     * The working plan carried onto a snapshot that {@link #extend extends} its own: every
     * assignment as it is (same facts, same indices), the added jobs unplaced.
     */
    public static SchedulePlan carryOverExtended(LiveSnapshot next, SchedulePlan working) {
        List<JobFact> jobs = next.snapshot().jobs();
        List<JobAssignment> assignments = new ArrayList<>(jobs.size());
        assignments.addAll(working.getAssignments());
        for (int i = assignments.size(); i < jobs.size(); i++) assignments.add(new JobAssignment(jobs.get(i), null));
        return new SchedulePlan(next.snapshot(), assignments);
    }

    /** A committed job for the slots it still holds, on its nodes; null when it is over or its nodes are gone. */
    private static JobSpec pinnedSpec(LiveJob j, SlotFrame frame, Set<String> up) {
        LivePlan plan = j.plan();
        if (!up.containsAll(plan.nodes())) return null;
        int start = Math.max(0, frame.slotOf(plan.startsAt()));
        int end = Math.min(frame.horizonSlots(), frame.slotAtOrAfter(plan.endsAt()));
        if (end <= start) return null;
        return new JobSpec(j.id().toString(), j.tenant(), j.tasks(), j.cpuCores(), j.memoryGiB(), j.gpus(), j.gpuModel(),
                end - start, null, null, j.priority(), null, null, null, null, start, plan.nodes());
    }

    /** A waiting job's window in slots; null (with a reason) when it cannot be planned in this horizon. */
    private static JobSpec waitingSpec(LiveJob j, SlotFrame frame, Map<UUID, String> leftOut) {
        int horizon = frame.horizonSlots();
        int duration = frame.slotsFor(j.durationHours());
        int earliest = Math.max(0, frame.slotOf(j.earliestStart()));
        Integer deadline = null;
        if (j.deadline() != null) {
            int d = frame.slotOf(j.deadline());
            if (d < horizon) deadline = d;
        }
        int lastEnd = deadline == null ? horizon : deadline;
        if (earliest + duration > lastEnd) {
            if (deadline != null && deadline < horizon) {
                leftOut.put(j.id(), "deadline cannot be met: " + duration + " slots do not fit before " + j.deadline());
            } else {
                leftOut.put(j.id(), OUTSIDE_HORIZON);
            }
            return null;
        }
        return new JobSpec(j.id().toString(), j.tenant(), j.tasks(), j.cpuCores(), j.memoryGiB(), j.gpus(), j.gpuModel(),
                duration, earliest, deadline, j.priority(), j.dataSite(), j.maxLatencyMs(),
                j.allowedRegions() == null ? null : new HashSet<>(j.allowedRegions()),
                j.maxPricePerHour() == null ? null : j.maxPricePerHour().doubleValue(), null, null);
    }

    /**
     * The starting plan on a new snapshot: pinned jobs where they are pinned; every waiting job
     * where it was in {@code previous} (shifted by the slots that have passed) or, failing that,
     * where its stored plan puts it; a carried placement that no longer keeps every rule (node
     * gone, window passed, capacity taken by a commit) is dropped, higher priority first kept.
     */
    public static SchedulePlan carryOver(LiveSnapshot next, SchedulePlan previous, SlotFrame previousFrame) {
        PlanningSnapshot snapshot = next.snapshot();
        SchedulePlan plan = SchedulePlan.unplaced(snapshot);
        Map<String, Placement> before = new HashMap<>();
        int shift = previous == null ? 0 : next.frame().slotsSince(previousFrame);
        if (previous != null) {
            for (JobAssignment a : previous.getAssignments()) {
                if (!a.isPinned() && a.getPlacement() != null) before.put(a.getId(), a.getPlacement());
            }
        }
        ScheduleState state = ScheduleState.of(plan);
        List<JobAssignment> waiting = new ArrayList<>();
        for (JobAssignment a : plan.getAssignments()) if (!a.isPinned()) waiting.add(a);
        waiting.sort(Comparator.comparing(JobAssignment::getJob, GreedyInitializer.ORDER));
        for (JobAssignment a : waiting) {
            JobFact job = a.getJob();
            Placement old = before.get(job.id());
            Placement candidate = old != null ? moved(snapshot, job, old.startHour() - shift, ids(old))
                    : stored(snapshot, job, next.jobs().get(job.id()), next.frame());
            if (candidate != null && fits(state, job, candidate)) {
                a.setPlacement(candidate);
                state.add(a);
            }
        }
        return plan;
    }

    private static List<String> ids(Placement p) {
        List<String> out = new ArrayList<>(p.taskCount());
        for (NodeFact n : p.nodes()) out.add(n.id());
        return out;
    }

    private static Placement stored(PlanningSnapshot snapshot, JobFact job, LiveJob live, SlotFrame frame) {
        if (live == null || live.plan() == null) return null;
        return moved(snapshot, job, frame.slotOf(live.plan().startsAt()), live.plan().nodes());
    }

    private static Placement moved(PlanningSnapshot snapshot, JobFact job, int start, List<String> nodeIds) {
        if (start < 0 || nodeIds.size() != job.tasks()) return null;
        List<NodeFact> nodes = new ArrayList<>(nodeIds.size());
        for (String id : nodeIds) {
            NodeFact n = snapshot.node(id);
            if (n == null) return null;
            nodes.add(n);
        }
        return Placement.of(snapshot, job, start, nodes);
    }

    private static boolean fits(ScheduleState state, JobFact job, Placement p) {
        if (PlacementRules.perJobHard(job, p) != 0 || !state.quotaFits(job, p.startHour())) return false;
        Map<NodeFact, Integer> perNode = new HashMap<>();
        for (NodeFact n : p.nodes()) perNode.merge(n, 1, Integer::sum);
        for (Map.Entry<NodeFact, Integer> e : perNode.entrySet()) {
            if (state.tasksFit(job, e.getKey(), p.startHour()) < e.getValue()) return false;
        }
        return true;
    }
}
