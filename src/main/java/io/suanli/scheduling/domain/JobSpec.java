package io.suanli.scheduling.domain;

import java.util.List;
import java.util.Set;

/**
 * Input for one job when building a {@link PlanningSnapshot}: references are by id. Nullable
 * fields take the format's defaults (earliest start 0, deadline = horizon, no rule).
 */
public record JobSpec(
        String id,
        String tenant,
        int tasks,
        int cpuCores,
        double memoryGiB,
        int gpus,
        String gpuModel,
        int durationHours,
        Integer earliestStartHour,
        Integer deadlineHour,
        long priority,
        String dataSite,
        Double maxLatencyMs,
        Set<String> allowedRegions,
        Double maxPricePerHour,
        Integer pinnedStartHour,
        List<String> pinnedNodes) {

    /** A minimal single-task CPU job, for tests and generators. */
    public static JobSpec simple(String id, String tenant, int cpuCores, double memoryGiB, int durationHours, long priority) {
        return new JobSpec(id, tenant, 1, cpuCores, memoryGiB, 0, null, durationHours, null, null, priority, null, null,
                null, null, null, null);
    }
}
