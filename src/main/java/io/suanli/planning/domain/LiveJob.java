package io.suanli.planning.domain;

import io.suanli.jobs.domain.JobState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the live scheduler knows of one unfinished job: its demand and rules, its state and, when
 * it has one for its current attempt, its plan. Immutable; the queue replaces it when the job changes.
 */
public record LiveJob(
        UUID id,
        String tenant,
        JobState state,
        int attempt,
        int tasks,
        int cpuCores,
        double memoryGiB,
        int gpus,
        String gpuModel,
        int durationHours,
        Instant earliestStart,
        Instant deadline,
        int priority,
        String dataSite,
        Double maxLatencyMs,
        List<String> allowedRegions,
        BigDecimal maxPricePerHour,
        Instant submittedAt,
        String reason,
        LivePlan plan) {

    /** Whether the solver may still choose where and when it runs. */
    public boolean waiting() {
        return state == JobState.QUEUED || state == JobState.PLANNED;
    }

    /** Whether it holds capacity that no plan may take (committed, dispatched or running). */
    public boolean pinned() {
        return (state == JobState.PLACED || state == JobState.DISPATCHED || state == JobState.RUNNING)
                && plan != null && plan.committed();
    }

    public LiveJob with(JobState newState, String newReason, LivePlan newPlan) {
        return new LiveJob(id, tenant, newState, attempt, tasks, cpuCores, memoryGiB, gpus, gpuModel, durationHours,
                earliestStart, deadline, priority, dataSite, maxLatencyMs, allowedRegions, maxPricePerHour, submittedAt,
                newReason, newPlan);
    }
}
