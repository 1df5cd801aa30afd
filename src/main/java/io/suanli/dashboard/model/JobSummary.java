package io.suanli.dashboard.model;

import java.time.Instant;

/**
 * A job as the queue and the live stream show it: who, what it asks for, where it stands and,
 * once it has one, where its plan puts it (committed or tentative).
 */
public record JobSummary(
        String id, String tenant, String externalId, String state, String reason, int lastEventSeq,
        Instant submittedAt, int tasks, int cpuCores, double memoryGiB, int gpus, String gpuModel,
        int priority, int durationHours, String planSite, Instant planStartsAt, Boolean planCommitted) {}
