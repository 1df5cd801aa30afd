package io.suanli.dispatch.domain;

import java.time.Instant;

/**
 * One task's observed state.
 *
 * @param reason why it failed (for {@code FAILED}, {@code WALLTIME}, {@code MISSING}), else null
 * @param startedAt when it started running, if it has and the executor knows
 * @param endedAt when it stopped, if it has and the executor knows
 * @param cause who caused a failure (for {@code FAILED}, {@code WALLTIME}, {@code MISSING}), else null
 */
public record TaskStatus(int task, TaskPhase phase, String reason, Instant startedAt, Instant endedAt, FailureCause cause) {

    /** A status whose failure cause is the one its phase implies ({@link FailureCause#implied}). */
    public TaskStatus(int task, TaskPhase phase, String reason, Instant startedAt, Instant endedAt) {
        this(task, phase, reason, startedAt, endedAt, FailureCause.implied(phase));
    }

    public static TaskStatus pending(int task) {
        return new TaskStatus(task, TaskPhase.PENDING, null, null, null);
    }

    public static TaskStatus missing(int task) {
        return new TaskStatus(task, TaskPhase.MISSING, "its object is gone", null, null);
    }
}
