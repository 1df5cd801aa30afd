package io.suanli.scheduling.domain;

import java.util.Arrays;

/**
 * The per-job hard rules as penalty amounts (0 = kept). Shared by the constraint provider, the
 * incremental score calculator and the explanations, so that they can never disagree.
 */
public final class PlacementRules {
    private PlacementRules() {}

    /** Hours by which the start is too early plus hours by which the end is past the deadline. */
    public static long windowExcessHours(JobFact job, Placement p) {
        int s = p.startHour();
        return Math.max(0, job.earliestStartHour() - s) + Math.max(0, s + job.durationHours() - job.deadlineHour());
    }

    /** Tasks on a node of another GPU model than the job asks for. */
    public static long wrongGpuModelTasks(JobFact job, Placement p) {
        if (!job.needsGpuModel()) return 0;
        long n = 0;
        for (NodeFact node : p.nodes()) if (!job.gpuModelFits(node)) n++;
        return n;
    }

    /** Missing or extra tasks plus extra sites beyond one. */
    public static long gangViolation(JobFact job, Placement p) {
        return Math.abs(p.taskCount() - job.tasks()) + (p.distinctSites() - 1);
    }

    /** Tasks on a site too far from (or unreachable from) the job's data site. */
    public static long latencyViolations(JobFact job, Placement p) {
        long n = 0;
        for (NodeFact node : p.nodes()) if (!job.latencyAllowed(node.site())) n++;
        return n;
    }

    /** Tasks outside the job's allowed regions. */
    public static long regionViolations(JobFact job, Placement p) {
        long n = 0;
        for (NodeFact node : p.nodes()) if (!job.regionAllowed(node.site().region())) n++;
        return n;
    }

    /** 1 when the job's hourly price is above its cap. */
    public static long priceCapViolation(JobFact job, Placement p) {
        return job.priceWithinCap(p.hourlyPrice()) ? 0 : 1;
    }

    /** 1 when a pinned job is not exactly where it is pinned. */
    public static long pinViolation(JobFact job, Placement p) {
        if (!job.isPinned()) return 0;
        if (p == null || p.startHour() != job.pinnedStartHour() || p.taskCount() != job.pinnedNodes().size()) return 1;
        int[] a = p.nodes().stream().mapToInt(NodeFact::index).sorted().toArray();
        int[] b = job.pinnedNodes().stream().mapToInt(NodeFact::index).sorted().toArray();
        return Arrays.equals(a, b) ? 0 : 1;
    }

    /** Sum of all per-job hard penalties of a placed job (the pin rule included). */
    public static long perJobHard(JobFact job, Placement p) {
        if (p == null) return pinViolation(job, null);
        return windowExcessHours(job, p) + wrongGpuModelTasks(job, p) + gangViolation(job, p) + latencyViolations(job, p)
                + regionViolations(job, p) + priceCapViolation(job, p) + pinViolation(job, p);
    }

    /** Overuse penalty of one node in one hour: cores + GPUs + memory in whole GiB (rounded up). */
    public static long capacityOveruse(NodeFact node, long cpu, long memMiB, long gpus) {
        long memOver = Math.max(0, memMiB - node.memoryMiB());
        return Math.max(0, cpu - node.cpuCores()) + Math.max(0, gpus - node.gpus())
                + (memOver + Units.MIB_PER_GIB - 1) / Units.MIB_PER_GIB;
    }

    /** Overuse penalty of one tenant in one hour: GPUs over its GPU quota plus cores over its CPU quota. */
    public static long quotaOveruse(TenantFact tenant, long cpu, long gpus) {
        long over = 0;
        if (tenant.hasGpuQuota()) over += Math.max(0, gpus - tenant.gpuQuota());
        if (tenant.hasCpuQuota()) over += Math.max(0, cpu - tenant.cpuQuota());
        return over;
    }
}
