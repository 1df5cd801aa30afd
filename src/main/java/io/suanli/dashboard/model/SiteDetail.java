package io.suanli.dashboard.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The site view: every node with its capacity, state and what plans hold on it now (the heat
 * map), and the placements on the site over the horizon (the timeline), earliest first.
 */
public record SiteDetail(
        String name, String displayName, String region, String regionDisplayName, String tier, double pue,
        Instant now, Instant horizonStart, Instant horizonEnd, String currency, String timeZone,
        List<NodeUse> nodes, List<Placement> placements, long placementsTotal) {

    /** A node and what plans of live jobs hold on it in the current slot. */
    public record NodeUse(
            String name, String state, int cpuCores, double memoryGiB, int gpus, String gpuModel,
            long usedCpuCores, double usedMemoryGiB, long usedGpus, int tasks) {}

    /** A job's plan on this site: window, state, committed or tentative, price and carbon. */
    public record Placement(
            String jobId, String tenant, String externalId, String state, boolean committed,
            Instant startsAt, Instant endsAt, int tasks, int gpusPerTask, String gpuModel,
            BigDecimal hourlyPrice, double carbonKg, List<String> nodes) {}
}
