package io.suanli.jobs.domain;

/** A lifecycle step the job's state does not allow; the domain refuses it whoever asks. */
public class IllegalTransitionException extends RuntimeException {

    private final JobState from;
    private final JobState to;

    public IllegalTransitionException(String jobId, JobState from, JobState to, String why) {
        super("job " + jobId + " cannot move from " + from + " to " + to + (why == null ? "" : ": " + why));
        this.from = from;
        this.to = to;
    }

    public JobState from() {
        return from;
    }

    public JobState to() {
        return to;
    }
}
