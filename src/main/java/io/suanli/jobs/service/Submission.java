package io.suanli.jobs.service;

import io.suanli.jobs.domain.JobSpec;

/** One job to submit, with the client's idempotency key (REST {@code Idempotency-Key}, gRPC {@code request_id}). */
public record Submission(JobSpec spec, String requestId) {}
