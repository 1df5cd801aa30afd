package io.suanli.jobs.rest;

import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import java.time.Instant;

/** A job as the API shows it: its id, where it is in its lifecycle, and its spec. */
public record JobView(
        String id,
        String tenant,
        String externalId,
        JobState state,
        String reason,
        int attempt,
        Instant submittedAt,
        Instant updatedAt,
        JobSpec spec) {

    public static JobView of(Job job) {
        return new JobView(job.id(), job.spec().tenant(), job.spec().externalId(), job.state(), job.reason(),
                job.attempt(), job.submittedAt(), job.updatedAt(), job.spec());
    }
}
