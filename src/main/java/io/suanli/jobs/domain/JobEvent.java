package io.suanli.jobs.domain;

import java.time.Instant;

/** One step in a job's life: the state it entered, when and why. */
public record JobEvent(String jobId, int sequence, JobState state, Instant at, String reason) {}
