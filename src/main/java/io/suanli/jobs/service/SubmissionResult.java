package io.suanli.jobs.service;

import io.suanli.common.problem.ProblemException;
import io.suanli.jobs.domain.Job;

/**
 * What became of one submission: the job (new, or the original one for a replayed key), or the
 * problem that refused it.
 */
public record SubmissionResult(Job job, boolean replayed, ProblemException problem) {

    public static SubmissionResult created(Job job) {
        return new SubmissionResult(job, false, null);
    }

    public static SubmissionResult replayed(Job job) {
        return new SubmissionResult(job, true, null);
    }

    public static SubmissionResult refused(ProblemException problem) {
        return new SubmissionResult(null, false, problem);
    }

    public boolean accepted() {
        return problem == null;
    }
}
