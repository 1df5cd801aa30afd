package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SiteFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deep ejection chain: inserts a queue of jobs one by one; a single-task job that fits nowhere
 * takes out the jobs that block it on one node at one start, if they are worth less or are more
 * flexible (more possible starts x host nodes, and no more GPUs) than it, and those join the queue
 * to be inserted in turn, which may eject again. Each job is moved at most once per chain (no cycles) and the number of
 * ejections is bounded, so one chain is a bounded amount of work.
 *
 * <p>Why: on the trace scenarios the hours 12-23 of the GPU nodes are full, and priority-1 jobs
 * whose windows pin them there stay out unless several flexible jobs move at once to earlier
 * hours or other nodes that are themselves full. A one-level ejection re-places its blockers
 * directly and so cannot make such a cascade.
 *
 * <p>Every placement it makes keeps every hard rule (capacity from the live occupancy, quota and
 * price cap checked, static rules through the job's candidate sites). Its choices depend only on the
 * state and the given random generator, so a move that seeds it the same way redoes the same chain.
 */
final class EjectionChain {
    /** (node, start) options inspected for one blocked job; more are sampled at random. */
    static final int OPTIONS = 48;

    private final ScheduleState state;
    private final PlanningSnapshot snapshot;
    private final Changes changes;
    private final Random random;
    private final int maxEjections;
    private final List<JobAssignment> queue = new ArrayList<>();
    /** Jobs this chain has inserted or ejected: they are not ejected (again). */
    private final java.util.BitSet moved = new java.util.BitSet();
    private int ejections;

    EjectionChain(ScheduleState state, Changes changes, Random random, int maxEjections) {
        this.state = state;
        this.snapshot = state.snapshot();
        this.changes = changes;
        this.random = random;
        this.maxEjections = maxEjections;
    }

    /** See {@link ScheduleState#flexibility}. */
    double flexibility(JobFact job) {
        return state.flexibility(job);
    }

    /** Inserts the unplaced jobs (and whatever they eject), highest priority first, then least flexible. */
    void run(List<JobAssignment> jobs) {
        run(jobs, List.of());
    }

    /** Like {@link #run(List)}; the {@code fixed} jobs (already moved by the caller) are never ejected. */
    void run(List<JobAssignment> jobs, List<JobAssignment> fixed) {
        for (JobAssignment a : jobs) {
            if (!a.isPinned() && !a.isPlaced() && !queue.contains(a)) queue.add(a);
        }
        for (JobAssignment a : queue) moved.set(a.getJob().index());
        for (JobAssignment a : fixed) moved.set(a.getJob().index());
        while (!queue.isEmpty()) {
            JobAssignment next = takeNext();
            insert(next);
        }
    }

    private JobAssignment takeNext() {
        int best = 0;
        for (int i = 1; i < queue.size(); i++) {
            JobFact a = queue.get(i).getJob(), b = queue.get(best).getJob();
            if (a.priority() > b.priority() || (a.priority() == b.priority() && flexibility(a) < flexibility(b))) best = i;
        }
        return queue.remove(best);
    }

    private void insert(JobAssignment x) {
        JobFact job = x.getJob();
        Placement p = state.search().best(job, true);
        if (p != null) {
            changes.set(x, p);
            return;
        }
        if (job.tasks() != 1 || ejections >= maxEjections) return;
        Option option = bestOption(job);
        if (option == null) return;
        for (int e : option.ejected) {
            JobAssignment y = state.assignment(e);
            changes.set(y, null);
            moved.set(y.getJob().index());
            queue.add(y);
            ejections++;
        }
        // capacity was checked as if the blockers had left; they now have
        if (state.tasksFit(job, option.node, option.start) >= 1 && state.quotaFits(job, option.start)) {
            changes.set(x, Placement.of(snapshot, job, option.start, List.of(option.node)));
        }
    }

    private record Option(NodeFact node, int start, int[] ejected, double value) {}

    /**
     * The (node, start), among all or {@link #OPTIONS} sampled ones, that needs the fewest blockers
     * taken out, then the cheapest ones (priority per unit of flexibility), or null.
     */
    private Option bestOption(JobFact job) {
        int first = Math.max(0, job.earliestStartHour()), last = job.latestStartHour();
        if (last < first) return null;
        List<NodeFact> hosts = new ArrayList<>();
        for (int si : snapshot.candidateSites(job)) {
            SiteFact site = snapshot.sites().get(si);
            for (NodeFact n : site.nodes()) {
                if (PlanningSnapshot.nodeCanHostTask(job, n) && job.priceWithinCap(snapshot.taskHourlyPrice(job, n))) hosts.add(n);
            }
        }
        if (hosts.isEmpty()) return null;
        int starts = last - first + 1;
        long all = (long) hosts.size() * starts;
        boolean enumerate = all <= OPTIONS;
        int count = enumerate ? (int) all : OPTIONS;
        Option best = null;
        for (int k = 0; k < count; k++) {
            int o = enumerate ? k : random.nextInt((int) Math.min(all, Integer.MAX_VALUE));
            NodeFact node = hosts.get(o / starts);
            int s = first + o % starts;
            if (!state.quotaFits(job, s)) continue;
            Option opt = option(job, node, s, best == null ? Integer.MAX_VALUE : best.ejected.length);
            if (opt != null && (best == null || opt.ejected.length < best.ejected.length || (opt.ejected.length == best.ejected.length && opt.value < best.value))) {
                best = opt;
            }
        }
        return best;
    }

    /**
     * Which blockers must leave the node for one task of the job to run from {@code start}, or null
     * if it cannot be freed or needs more than {@code limit} of them (it would lose to an option
     * already found: cutting it short changes no choice, it only saves the work).
     */
    private Option option(JobFact job, NodeFact node, int start, int limit) {
        int count = state.jobsOnNodeCount(node.index());
        List<JobFact> eligible = new ArrayList<>(count);
        int end = start + job.durationHours();
        for (int i = 0; i < count; i++) {
            int e = state.jobOnNode(node.index(), i);
            JobFact other = snapshot.jobs().get(e);
            Placement p = state.placement(e);
            if (p == null || other.isPinned() || p.startHour() >= end || p.startHour() + other.durationHours() <= start) continue;
            if (moved.get(e)) continue;
            if (other.priority() >= job.priority() && !(flexibility(other) > flexibility(job) && other.gpus() <= Math.max(1, job.gpus()))) continue;
            eligible.add(other);
        }
        // cheapest to lose first: low priority, many possible starts
        eligible.sort((a, b) -> {
            int c = Double.compare(value(a), value(b));
            return c != 0 ? c : Integer.compare(a.index(), b.index());
        });
        int budget = maxEjections - ejections;
        int[] leaving = new int[Math.min(eligible.size(), budget)];
        int n = 0;
        double value = 0;
        // the node's use over the run, less the blockers picked so far: the same mask as
        // ScheduleState.shortHours(job, node, start, leaving, n), updated per pick instead of rescanned
        int from = Math.max(0, start), to = Math.min(snapshot.horizonHours(), end);
        if (useCpu.length < to - from) {
            useCpu = new long[to - from];
            useMem = new long[to - from];
            useGpu = new long[to - from];
        }
        state.nodeUse(node, from, to, useCpu, useMem, useGpu);
        long shortHours = shortMask(job, node, start, from, to);
        while (shortHours != 0) {
            if (n == leaving.length || n >= limit) return null;
            // the cheapest blocker that runs in an hour still short of room (others would leave for nothing)
            JobFact pick = null;
            for (JobFact other : eligible) {
                if (contains(leaving, n, other.index())) continue;
                if ((runMask(other, start) & shortHours) != 0) {
                    pick = other;
                    break;
                }
            }
            if (pick == null) return null;
            leaving[n++] = pick.index();
            value += value(pick);
            Placement p = state.placement(pick.index());
            int tasksHere = 0;
            for (int t = 0; t < p.taskCount(); t++) if (p.node(t) == node) tasksHere++;
            for (int h = Math.max(from, p.startHour()); h < Math.min(to, p.startHour() + pick.durationHours()); h++) {
                useCpu[h - from] -= (long) tasksHere * pick.cpuCores();
                useMem[h - from] -= tasksHere * pick.memoryMiB();
                useGpu[h - from] -= (long) tasksHere * pick.gpus();
            }
            shortHours = shortMask(job, node, start, from, to);
        }
        return new Option(node, start, java.util.Arrays.copyOf(leaving, n), value);
    }

    private long[] useCpu = new long[0], useMem = new long[0], useGpu = new long[0];

    /** Hours of [from, to) in which one more task of the job does not fit the use arrays (bit h - start, capped at 63). */
    private long shortMask(JobFact job, NodeFact node, int start, int from, int to) {
        long mask = 0;
        for (int h = from; h < to; h++) {
            int i = h - from;
            if (useCpu[i] + job.cpuCores() > node.cpuCores() || useMem[i] + job.memoryMiB() > node.memoryMiB() || useGpu[i] + job.gpus() > node.gpus()) {
                mask |= 1L << Math.min(63, h - start);
            }
        }
        return mask;
    }

    /** The hours the placed job runs, as a mask relative to {@code start} (see {@link ScheduleState#shortHours}). */
    private long runMask(JobFact other, int start) {
        Placement p = state.placement(other.index());
        long mask = 0;
        for (int h = Math.max(p.startHour(), start); h < p.startHour() + other.durationHours(); h++) mask |= 1L << Math.min(63, h - start);
        return mask;
    }

    private static boolean contains(int[] arr, int n, int v) {
        for (int i = 0; i < n; i++) if (arr[i] == v) return true;
        return false;
    }

    private double value(JobFact job) {
        return job.priority() / flexibility(job);
    }
}
