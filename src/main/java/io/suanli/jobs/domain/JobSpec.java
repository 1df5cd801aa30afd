package io.suanli.jobs.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a department asks for: per-task resources of a gang of {@code tasks} tasks, the time
 * window, the rules of placement (latency from its data, residency, price cap) and what to run.
 */
public record JobSpec(
        String tenant,
        String externalId,
        Integer tasks,
        Integer cpuCores,
        Double memoryGiB,
        Integer gpus,
        String gpuModel,
        Integer durationHours,
        Instant earliestStart,
        Instant deadline,
        Integer priority,
        String dataSite,
        Double maxLatencyMs,
        List<String> allowedRegions,
        BigDecimal maxPricePerHour,
        String image,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        Integer maxRetries,
        Map<String, String> labels) {

    /** The spec with defaults filled in: one task, no GPUs, earliest start now, no retries. */
    public JobSpec withDefaults(Instant now) {
        return new JobSpec(
                tenant,
                externalId,
                tasks == null ? 1 : tasks,
                cpuCores,
                memoryGiB,
                gpus == null ? 0 : gpus,
                gpuModel,
                durationHours,
                earliestStart == null ? now : earliestStart,
                deadline,
                priority == null ? 1 : priority,
                dataSite,
                maxLatencyMs,
                copy(allowedRegions),
                maxPricePerHour,
                image,
                copy(command),
                copy(args),
                copy(env),
                maxRetries == null ? 0 : maxRetries,
                copy(labels));
    }

    // Copies that keep null entries, so validation can name them instead of failing here.
    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(map));
    }
}
