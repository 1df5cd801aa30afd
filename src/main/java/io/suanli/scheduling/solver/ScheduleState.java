package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.NodeGroup;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlacementRules;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import io.suanli.scheduling.domain.SiteFact;
import io.suanli.scheduling.domain.TenantFact;
import java.util.Arrays;

/**
 * The live occupancy of a plan: per node-hour and per tenant-hour usage in integers, per site-hour
 * sums for quick pruning, which jobs sit on each node, the unplaced jobs, and the score parts.
 * Adding or removing a job touches only its own task-hours, never a full rescan.
 */
public final class ScheduleState {
    private final PlanningSnapshot snapshot;
    private final int horizon;
    private final long[] nodeCpu, nodeMem, nodeGpu;
    private final long[] tenantCpu, tenantGpu;
    private final long[] siteCpu, siteMem, siteGpu;
    private final long[] siteCapCpu, siteCapMem, siteCapGpu;
    private final JobAssignment[] assignments;
    private final Placement[] placed;
    private final int[][] jobsOnNode;
    private final int[] jobsOnNodeSize;
    private final int[] unplaced;
    private final int[] unplacedPos;
    private int unplacedSize;

    private long capacityHard, quotaHard, jobHard, medium, soft;
    private PlacementSearch search;
    private final JobFact[] jobFacts;
    private final int[][] jobsByTenant;
    private int[] scratchJob = new int[16];
    private int[] scratchCount = new int[16];

    public ScheduleState(PlanningSnapshot snapshot) {
        this.snapshot = snapshot;
        this.horizon = snapshot.horizonHours();
        int n = snapshot.nodes().size(), t = snapshot.tenants().size(), s = snapshot.sites().size(), j = snapshot.jobs().size();
        nodeCpu = new long[n * horizon];
        nodeMem = new long[n * horizon];
        nodeGpu = new long[n * horizon];
        tenantCpu = new long[t * horizon];
        tenantGpu = new long[t * horizon];
        siteCpu = new long[s * horizon];
        siteMem = new long[s * horizon];
        siteGpu = new long[s * horizon];
        siteCapCpu = new long[s];
        siteCapMem = new long[s];
        siteCapGpu = new long[s];
        for (NodeFact node : snapshot.nodes()) {
            int si = node.site().index();
            siteCapCpu[si] += node.cpuCores();
            siteCapMem[si] += node.memoryMiB();
            siteCapGpu[si] += node.gpus();
        }
        assignments = new JobAssignment[j];
        placed = new Placement[j];
        jobsOnNode = new int[n][];
        jobsOnNodeSize = new int[n];
        for (int i = 0; i < n; i++) jobsOnNode[i] = new int[4];
        unplaced = new int[j];
        unplacedPos = new int[j];
        jobFacts = snapshot.jobs().toArray(new JobFact[0]);
        int[] perTenant = new int[t];
        for (JobFact job : jobFacts) perTenant[job.tenant().index()]++;
        jobsByTenant = new int[t][];
        for (int i = 0; i < t; i++) jobsByTenant[i] = new int[perTenant[i]];
        Arrays.fill(perTenant, 0);
        for (JobFact job : jobFacts) jobsByTenant[job.tenant().index()][perTenant[job.tenant().index()]++] = job.index();
        Arrays.fill(unplacedPos, -1);
    }

    /** The occupancy of a plan, built in one full scan. */
    public static ScheduleState of(SchedulePlan plan) {
        ScheduleState state = new ScheduleState(plan.getSnapshot());
        state.reset(plan);
        return state;
    }

    /** Rebuilds everything from a plan (the only full scan). */
    public void reset(SchedulePlan plan) {
        Arrays.fill(nodeCpu, 0);
        Arrays.fill(nodeMem, 0);
        Arrays.fill(nodeGpu, 0);
        Arrays.fill(tenantCpu, 0);
        Arrays.fill(tenantGpu, 0);
        Arrays.fill(siteCpu, 0);
        Arrays.fill(siteMem, 0);
        Arrays.fill(siteGpu, 0);
        Arrays.fill(jobsOnNodeSize, 0);
        Arrays.fill(placed, null);
        Arrays.fill(assignments, null);
        Arrays.fill(unplacedPos, -1);
        unplacedSize = 0;
        capacityHard = quotaHard = jobHard = medium = soft = 0;
        for (JobAssignment a : plan.getAssignments()) {
            assignments[a.getJob().index()] = a;
            addUnplaced(a.getJob().index());
            jobHard += PlacementRules.pinViolation(a.getJob(), null);
        }
        for (JobAssignment a : plan.getAssignments()) add(a);
    }

    /** Takes the job's current placement into account. */
    public void add(JobAssignment a) {
        JobFact job = a.getJob();
        Placement p = a.getPlacement();
        if (p == null) return;
        int ji = job.index();
        placed[ji] = p;
        removeUnplaced(ji);
        jobHard += PlacementRules.perJobHard(job, p) - PlacementRules.pinViolation(job, null);
        medium += job.priority();
        soft -= p.totalMicros();
        apply(job, p, +1);
    }

    /** Takes the job's current placement out (call before the variable changes). */
    public void remove(JobAssignment a) {
        JobFact job = a.getJob();
        Placement p = a.getPlacement();
        if (p == null) return;
        int ji = job.index();
        placed[ji] = null;
        addUnplaced(ji);
        jobHard -= PlacementRules.perJobHard(job, p) - PlacementRules.pinViolation(job, null);
        medium -= job.priority();
        soft += p.totalMicros();
        apply(job, p, -1);
    }

    private void apply(JobFact job, Placement p, int sign) {
        int s = p.startHour();
        int from = Math.max(0, s), to = Math.min(horizon, s + job.durationHours());
        long cpu = sign * (long) job.cpuCores(), mem = sign * job.memoryMiB(), gpu = sign * (long) job.gpus();
        for (int t = 0; t < p.taskCount(); t++) {
            NodeFact node = p.node(t);
            int base = node.index() * horizon, sb = node.site().index() * horizon;
            for (int h = from; h < to; h++) {
                int i = base + h;
                long before = PlacementRules.capacityOveruse(node, nodeCpu[i], nodeMem[i], nodeGpu[i]);
                nodeCpu[i] += cpu;
                nodeMem[i] += mem;
                nodeGpu[i] += gpu;
                capacityHard += PlacementRules.capacityOveruse(node, nodeCpu[i], nodeMem[i], nodeGpu[i]) - before;
                siteCpu[sb + h] += cpu;
                siteMem[sb + h] += mem;
                siteGpu[sb + h] += gpu;
            }
            boolean firstOnNode = true;
            for (int q = 0; q < t; q++) if (p.node(q) == node) firstOnNode = false;
            if (firstOnNode) {
                if (sign > 0) addJobOnNode(node.index(), job.index());
                else removeJobOnNode(node.index(), job.index());
            }
        }
        TenantFact tenant = job.tenant();
        int tb = tenant.index() * horizon;
        long tasks = p.taskCount();
        for (int h = from; h < to; h++) {
            int i = tb + h;
            long before = PlacementRules.quotaOveruse(tenant, tenantCpu[i], tenantGpu[i]);
            tenantCpu[i] += cpu * tasks;
            tenantGpu[i] += gpu * tasks;
            quotaHard += PlacementRules.quotaOveruse(tenant, tenantCpu[i], tenantGpu[i]) - before;
        }
    }

    private void addJobOnNode(int node, int job) {
        int[] arr = jobsOnNode[node];
        if (jobsOnNodeSize[node] == arr.length) jobsOnNode[node] = arr = Arrays.copyOf(arr, arr.length * 2);
        arr[jobsOnNodeSize[node]++] = job;
    }

    private void removeJobOnNode(int node, int job) {
        int[] arr = jobsOnNode[node];
        int size = jobsOnNodeSize[node];
        for (int i = 0; i < size; i++) {
            if (arr[i] == job) {
                System.arraycopy(arr, i + 1, arr, i, size - i - 1);
                jobsOnNodeSize[node] = size - 1;
                return;
            }
        }
    }

    private void addUnplaced(int job) {
        if (unplacedPos[job] >= 0) return;
        unplacedPos[job] = unplacedSize;
        unplaced[unplacedSize++] = job;
    }

    private void removeUnplaced(int job) {
        int pos = unplacedPos[job];
        if (pos < 0) return;
        int last = unplaced[--unplacedSize];
        unplaced[pos] = last;
        unplacedPos[last] = pos;
        unplacedPos[job] = -1;
    }

    // ------------------------------------------------------------------ queries

    public PlanningSnapshot snapshot() { return snapshot; }

    /** The placement search bound to this state (single-threaded, like the state). */
    public PlacementSearch search() {
        if (search == null) search = new PlacementSearch(this);
        return search;
    }
    public long hardScore() { return -(capacityHard + quotaHard + jobHard); }
    public long mediumScore() { return medium; }
    public long softScore() { return soft; }
    public JobAssignment assignment(int jobIndex) { return assignments[jobIndex]; }
    public Placement placement(int jobIndex) { return placed[jobIndex]; }
    public int unplacedCount() { return unplacedSize; }
    public int unplacedJob(int i) { return unplaced[i]; }
    public int jobsOnNodeCount(int node) { return jobsOnNodeSize[node]; }
    public int jobOnNode(int node, int i) { return jobsOnNode[node][i]; }

    /** How many more tasks of the job fit on the node for the whole run from {@code start} (at most its task count). */
    public int tasksFit(JobFact job, NodeFact node, int start) {
        if (job.tasks() > 1) return tasksFit(job, node, start, null, 0);
        // one task: comparisons only, no division (the hottest loop of every search)
        int base = node.index() * horizon;
        int end = Math.min(horizon, start + job.durationHours());
        long cpuLimit = node.cpuCores() - job.cpuCores(), memLimit = node.memoryMiB() - job.memoryMiB(), gpuLimit = node.gpus() - job.gpus();
        for (int i = base + Math.max(0, start), e = base + end; i < e; i++) {
            if (nodeCpu[i] > cpuLimit || nodeMem[i] > memLimit || nodeGpu[i] > gpuLimit) return 0;
        }
        return 1;
    }

    /**
     * Like {@link #tasksFit(JobFact, NodeFact, int)}, as if the given jobs had left this node.
     */
    public int tasksFit(JobFact job, NodeFact node, int start, int[] leaving, int leavingCount) {
        int fit = job.tasks();
        int base = node.index() * horizon;
        int end = Math.min(horizon, start + job.durationHours());
        // what each leaving job uses on this node, looked up once rather than per hour
        int k = 0;
        for (int i = 0; i < leavingCount; i++) {
            Placement op = placed[leaving[i]];
            if (op == null) continue;
            int c = 0;
            for (int q = 0; q < op.taskCount(); q++) if (op.node(q) == node) c++;
            if (c == 0) continue;
            if (scratchJob.length <= k) growScratch();
            scratchJob[k] = leaving[i];
            scratchCount[k] = c;
            k++;
        }
        for (int h = Math.max(0, start); h < end && fit > 0; h++) {
            int i = base + h;
            long cpu = nodeCpu[i], mem = nodeMem[i], gpu = nodeGpu[i];
            for (int q = 0; q < k; q++) {
                Placement op = placed[scratchJob[q]];
                JobFact other = jobFacts[scratchJob[q]];
                if (h < op.startHour() || h >= op.startHour() + other.durationHours()) continue;
                int c = scratchCount[q];
                cpu -= (long) c * other.cpuCores();
                mem -= c * other.memoryMiB();
                gpu -= (long) c * other.gpus();
            }
            if (job.cpuCores() > 0) fit = (int) Math.min(fit, Math.max(0, (node.cpuCores() - cpu) / job.cpuCores()));
            if (job.memoryMiB() > 0) fit = (int) Math.min(fit, Math.max(0, (node.memoryMiB() - mem) / job.memoryMiB()));
            if (job.gpus() > 0) fit = (int) Math.min(fit, Math.max(0, (node.gpus() - gpu) / job.gpus()));
        }
        return fit;
    }

    /**
     * The hours of the run from {@code start} in which one more task of the job does not fit on the
     * node as if the given jobs had left it, as a bit mask (bit i = hour start + i; runs longer than
     * 64 hours fold their later hours onto bit 63). Zero means one task fits.
     */
    public long shortHours(JobFact job, NodeFact node, int start, int[] leaving, int leavingCount) {
        int base = node.index() * horizon;
        int end = Math.min(horizon, start + job.durationHours());
        long mask = 0;
        for (int h = Math.max(0, start); h < end; h++) {
            int i = base + h;
            long cpu = nodeCpu[i], mem = nodeMem[i], gpu = nodeGpu[i];
            for (int q = 0; q < leavingCount; q++) {
                Placement op = placed[leaving[q]];
                if (op == null) continue;
                JobFact other = jobFacts[leaving[q]];
                if (h < op.startHour() || h >= op.startHour() + other.durationHours()) continue;
                for (int t = 0; t < op.taskCount(); t++) {
                    if (op.node(t) != node) continue;
                    cpu -= other.cpuCores();
                    mem -= other.memoryMiB();
                    gpu -= other.gpus();
                }
            }
            if (cpu + job.cpuCores() > node.cpuCores() || mem + job.memoryMiB() > node.memoryMiB() || gpu + job.gpus() > node.gpus()) {
                mask |= 1L << Math.min(63, h - start);
            }
        }
        return mask;
    }

    /** The node's use in hours [from, to) into cpu, mem and gpu (index h - from). */
    public void nodeUse(NodeFact node, int from, int to, long[] cpu, long[] mem, long[] gpu) {
        int base = node.index() * horizon;
        for (int h = from; h < to; h++) {
            cpu[h - from] = nodeCpu[base + h];
            mem[h - from] = nodeMem[base + h];
            gpu[h - from] = nodeGpu[base + h];
        }
    }

    private void growScratch() {
        scratchJob = Arrays.copyOf(scratchJob, scratchJob.length * 2);
        scratchCount = Arrays.copyOf(scratchCount, scratchCount.length * 2);
    }

    private int[] hostNodes;

    /**
     * How many nodes of its candidate sites could host one task of the job (static; computed on first
     * use): with the job's number of possible starts, a measure of how easily it finds room elsewhere.
     */
    public int hostNodeCount(JobFact job) {
        if (hostNodes == null) {
            hostNodes = new int[jobFacts.length];
            Arrays.fill(hostNodes, -1);
        }
        int c = hostNodes[job.index()];
        if (c < 0) {
            c = 0;
            for (int si : snapshot.candidateSites(job)) {
                for (NodeGroup g : snapshot.sites().get(si).groups()) if (PlanningSnapshot.nodeCanHostTask(job, g.representative())) c += g.nodes().size();
            }
            hostNodes[job.index()] = c;
        }
        return c;
    }

    /** The number of possible start hours: the fewer, the harder the job is to place. */
    public static int starts(JobFact job) {
        return Math.max(1, job.latestStartHour() - Math.max(0, job.earliestStartHour()) + 1);
    }

    /**
     * Possible starts x nodes that could host a task: the larger, the likelier the job finds room
     * elsewhere (a CPU job on a GPU node has many more nodes to go to than the GPU job it blocks).
     */
    public double flexibility(JobFact job) {
        return (double) starts(job) * Math.max(1, hostNodeCount(job));
    }

    /** Jobs of one tenant, by index (static: for quota-driven moves). */
    public int[] jobsOfTenant(TenantFact tenant) {
        return jobsByTenant[tenant.index()];
    }

    /**
     * How much of the job's scarcest resource stays free on the node over the run (the minimum
     * over its hours, in units of one task's demand x 1000): small = tight fit.
     */
    public long slack(JobFact job, NodeFact node, int start) {
        long min = Long.MAX_VALUE;
        int base = node.index() * horizon;
        int end = Math.min(horizon, start + job.durationHours());
        for (int h = Math.max(0, start); h < end; h++) {
            int i = base + h;
            long free;
            if (job.gpus() > 0) free = (node.gpus() - nodeGpu[i]) * 1000L / job.gpus();
            else if (job.cpuCores() > 0) free = (node.cpuCores() - nodeCpu[i]) * 1000L / job.cpuCores();
            else free = job.memoryMiB() > 0 ? (node.memoryMiB() - nodeMem[i]) * 1000L / job.memoryMiB() : 0;
            min = Math.min(min, free);
        }
        return Math.max(0, Math.min(min, (1L << 40)));
    }

    /** Whether the tenant's quotas leave room for the whole gang in every hour of the run. */
    public boolean quotaFits(JobFact job, int start) {
        TenantFact tenant = job.tenant();
        if (!tenant.hasCpuQuota() && !tenant.hasGpuQuota()) return true;
        long cpu = (long) job.cpuCores() * job.tasks(), gpu = (long) job.gpus() * job.tasks();
        int tb = tenant.index() * horizon;
        int end = Math.min(horizon, start + job.durationHours());
        for (int h = Math.max(0, start); h < end; h++) {
            if (tenant.hasCpuQuota() && tenantCpu[tb + h] + cpu > tenant.cpuQuota()) return false;
            if (tenant.hasGpuQuota() && tenantGpu[tb + h] + gpu > tenant.gpuQuota()) return false;
        }
        return true;
    }

    /** The tenant's use in one hour: {cpu cores, gpus}. */
    public long[] tenantUse(TenantFact tenant, int hour) {
        int i = tenant.index() * horizon + hour;
        return new long[] {tenantCpu[i], tenantGpu[i]};
    }

    /** A necessary condition: the site's total free capacity could hold the gang in every hour. */
    public boolean siteMayFit(JobFact job, SiteFact site, int start) {
        long cpu = (long) job.cpuCores() * job.tasks(), mem = job.memoryMiB() * job.tasks(), gpu = (long) job.gpus() * job.tasks();
        int si = site.index(), sb = si * horizon;
        int end = Math.min(horizon, start + job.durationHours());
        for (int h = Math.max(0, start); h < end; h++) {
            if (siteCapCpu[si] - siteCpu[sb + h] < cpu || siteCapMem[si] - siteMem[sb + h] < mem || siteCapGpu[si] - siteGpu[sb + h] < gpu) return false;
        }
        return true;
    }
}
