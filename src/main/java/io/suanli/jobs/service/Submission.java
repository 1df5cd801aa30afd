package io.suanli.jobs.service;

import io.suanli.jobs.domain.JobSpec;
import io.suanli.security.Caller;

/**
 * One job to submit, with the client's idempotency key (REST {@code Idempotency-Key}, gRPC
 * {@code request_id}) and who submits it: a tenant caller may submit only for its own tenant, and
 * the audit trail records the caller.
 */
public record Submission(JobSpec spec, String requestId, Caller caller) {

    /** An in-process submission (scenario import, demo stream): no tenant restriction. */
    public Submission(JobSpec spec, String requestId) {
        this(spec, requestId, Caller.system("internal"));
    }

    public Submission withCaller(Caller by) {
        return new Submission(spec, requestId, by);
    }
}
