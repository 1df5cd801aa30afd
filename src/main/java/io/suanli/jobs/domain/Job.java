package io.suanli.jobs.domain;

import java.time.Instant;

/**
 * A submitted job and where it is in its lifecycle. Immutable: a transition gives the next
 * version and the event that records it, or is refused.
 */
public record Job(
        String id,
        JobSpec spec,
        JobState state,
        String reason,
        int attempt,
        int lastEventSequence,
        Instant submittedAt,
        Instant updatedAt) {

    /** The reason of a job that was accepted and nothing has happened to since. */
    public static final String SUBMITTED = "submitted";

    /** A job as accepted: queued, first attempt, its first event. */
    public static Transition submitted(String id, JobSpec spec, Instant at) {
        Job job = new Job(id, spec, JobState.QUEUED, SUBMITTED, 0, 1, at, at);
        return new Transition(job, new JobEvent(id, 1, JobState.QUEUED, at, SUBMITTED));
    }

    /** The next version of this job in state {@code next}, or an exception if the lifecycle forbids it. */
    public Transition moveTo(JobState next, String why, Instant at) {
        // A failed job that will be retried has not ended yet: it can still be cancelled.
        boolean cancelBeforeRetry = state == JobState.FAILED && next == JobState.CANCELLED && hasRetriesLeft();
        if (!state.canMoveTo(next) && !cancelBeforeRetry) {
            throw new IllegalTransitionException(id, state, next, null);
        }
        int nextAttempt = attempt;
        if (state == JobState.FAILED && next == JobState.QUEUED) {
            int maxRetries = spec.maxRetries() == null ? 0 : spec.maxRetries();
            if (attempt >= maxRetries) {
                throw new IllegalTransitionException(id, state, next, "no retries left (" + maxRetries + " allowed)");
            }
            nextAttempt = attempt + 1;
        }
        int sequence = lastEventSequence + 1;
        Job moved = new Job(id, spec, next, why, nextAttempt, sequence, submittedAt, at);
        return new Transition(moved, new JobEvent(id, sequence, next, at, why));
    }

    /** Whether a failed job may go back to the queue. */
    public boolean hasRetriesLeft() {
        return attempt < (spec.maxRetries() == null ? 0 : spec.maxRetries());
    }

    /** A job version and the event that produced it. */
    public record Transition(Job job, JobEvent event) {}
}
