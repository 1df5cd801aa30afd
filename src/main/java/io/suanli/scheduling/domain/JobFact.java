package io.suanli.scheduling.domain;

import java.util.List;
import java.util.Set;

/**
 * A job to place (or a pinned, already committed job): per-task resources, gang size, window and
 * rules. Immutable; {@code deadlineHour} already defaults to the horizon.
 */
public final class JobFact {
    private final int index;
    private final String id;
    private final TenantFact tenant;
    private final int tasks;
    private final int cpuCores;
    private final double memoryGiB;
    private final long memoryMiB;
    private final int gpus;
    private final String gpuModel;
    private final int durationHours;
    private final int earliestStartHour;
    private final int deadlineHour;
    private final int horizonHours;
    private final long priority;
    private final SiteFact dataSite;
    private final Double maxLatencyMs;
    private final Set<String> allowedRegions;
    private final Double maxPricePerHour;
    private final int pinnedStartHour;
    private final List<NodeFact> pinnedNodes;

    public JobFact(int index, String id, TenantFact tenant, int tasks, int cpuCores, double memoryGiB, int gpus,
            String gpuModel, int durationHours, int earliestStartHour, int deadlineHour, int horizonHours, long priority,
            SiteFact dataSite, Double maxLatencyMs, Set<String> allowedRegions, Double maxPricePerHour,
            Integer pinnedStartHour, List<NodeFact> pinnedNodes) {
        this.index = index;
        this.id = id;
        this.tenant = tenant;
        this.tasks = tasks;
        this.cpuCores = cpuCores;
        this.memoryGiB = memoryGiB;
        this.memoryMiB = Units.demandMiB(memoryGiB);
        this.gpus = gpus;
        this.gpuModel = gpuModel;
        this.durationHours = durationHours;
        this.earliestStartHour = earliestStartHour;
        this.deadlineHour = deadlineHour;
        this.horizonHours = horizonHours;
        this.priority = priority;
        this.dataSite = dataSite;
        this.maxLatencyMs = maxLatencyMs;
        this.allowedRegions = allowedRegions == null ? null : Set.copyOf(allowedRegions);
        this.maxPricePerHour = maxPricePerHour;
        this.pinnedStartHour = pinnedStartHour == null ? -1 : pinnedStartHour;
        this.pinnedNodes = pinnedNodes == null ? null : List.copyOf(pinnedNodes);
    }

    public int index() { return index; }
    public String id() { return id; }
    public TenantFact tenant() { return tenant; }
    public int tasks() { return tasks; }
    public int cpuCores() { return cpuCores; }
    public double memoryGiB() { return memoryGiB; }
    public long memoryMiB() { return memoryMiB; }
    public int gpus() { return gpus; }
    public String gpuModel() { return gpuModel; }
    public int durationHours() { return durationHours; }
    public int earliestStartHour() { return earliestStartHour; }
    public int deadlineHour() { return deadlineHour; }
    public long priority() { return priority; }
    public int horizonHours() { return horizonHours; }
    public SiteFact dataSite() { return dataSite; }
    public Double maxLatencyMs() { return maxLatencyMs; }
    public Set<String> allowedRegions() { return allowedRegions; }
    public Double maxPricePerHour() { return maxPricePerHour; }
    public boolean isPinned() { return pinnedNodes != null; }
    public int pinnedStartHour() { return pinnedStartHour; }
    public List<NodeFact> pinnedNodes() { return pinnedNodes; }

    /** The latest start that still meets the deadline. */
    public int latestStartHour() { return deadlineHour - durationHours; }

    /** Whether this job needs a particular GPU model. */
    public boolean needsGpuModel() { return gpus > 0 && gpuModel != null; }

    public boolean gpuModelFits(NodeFact node) {
        return !needsGpuModel() || gpuModel.equals(node.gpuModel());
    }

    /** Whether a site meets the latency rule (always true without one); the checker allows 1e-9 ms. */
    public boolean latencyAllowed(SiteFact site) {
        if (maxLatencyMs == null || dataSite == null) return true;
        double l = site.latencyMsTo(dataSite);
        return !Double.isNaN(l) && l <= maxLatencyMs + 1e-9;
    }

    public boolean regionAllowed(RegionFact region) {
        return allowedRegions == null || allowedRegions.contains(region.id());
    }

    /** The reference checker compares the hourly price with a relative tolerance of 1e-9. */
    public boolean priceWithinCap(double hourlyPrice) {
        return maxPricePerHour == null || hourlyPrice <= maxPricePerHour + 1e-9 * Math.max(1, maxPricePerHour);
    }

    @Override
    public String toString() { return id; }
}
