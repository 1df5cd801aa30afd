package io.suanli.jobs.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a job. {@code PLANNED} is a tentative plan that may still change;
 * {@code PLACED} is committed (the plan is frozen and the budget held).
 */
public enum JobState {
    QUEUED,
    PLANNED,
    PLACED,
    DISPATCHED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    private static final Map<JobState, Set<JobState>> NEXT = Map.of(
            QUEUED, EnumSet.of(PLANNED, CANCELLED),
            PLANNED, EnumSet.of(QUEUED, PLACED, CANCELLED),
            // A committed job moves back to the queue only when its node is drained or fails.
            PLACED, EnumSet.of(DISPATCHED, QUEUED, CANCELLED),
            DISPATCHED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED),
            // FAILED -> QUEUED only while retries remain; Job checks the count.
            FAILED, EnumSet.of(QUEUED),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class));

    /** Whether the lifecycle has a step from this state to {@code next}. */
    public boolean canMoveTo(JobState next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * Whether the state itself is final. A FAILED job with retries left is not over yet: see
     * {@link Job#moveTo}, which lets it be queued again or cancelled.
     */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
