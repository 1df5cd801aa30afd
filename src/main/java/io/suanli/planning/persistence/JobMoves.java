package io.suanli.planning.persistence;

/** State changes of many jobs in one statement, each with its event (the job's next sequence number). */
final class JobMoves {
    private JobMoves() {}

    /**
     * Jobs {@code $1} in state {@code $4} go back to QUEUED with reasons {@code $2} at {@code $3};
     * their uncommitted plans must be deleted by the caller.
     */
    static final String BACK_TO_QUEUE = "with moved as (update job set state = 'QUEUED', reason = u.r,"
            + " last_event_seq = job.last_event_seq + 1, updated_at = $3"
            + " from unnest($1::uuid[], $2::text[]) as u(id, r) where job.id = u.id and job.state = $4"
            + " returning job.id, job.last_event_seq, u.r)"
            + " insert into job_event (id, job_id, seq, state, at, reason)"
            + " select nextval('job_event_seq'), id, last_event_seq, 'QUEUED', $3, r from moved";
}
