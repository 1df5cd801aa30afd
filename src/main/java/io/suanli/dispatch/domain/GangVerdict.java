package io.suanli.dispatch.domain;

import java.util.List;

/**
 * What the tasks of one gang say about the job: a gang runs when all its tasks run, succeeds when
 * all succeed, and fails as soon as one task fails, overruns or is lost (the others are stopped:
 * a gang with a missing member cannot make progress).
 *
 * @param reason for a failure: {@code WALLTIME} for an overrun, else which task failed and why
 * @param cause for a failure: who caused it (the failing task's cause); else null
 */
public record GangVerdict(Kind kind, String reason, FailureCause cause) {

    /** A verdict that is not a failure. */
    public GangVerdict(Kind kind, String reason) {
        this(kind, reason, null);
    }

    /** The reason of a job stopped for running past its wall time (BRIEF: "FAILED, reason WALLTIME"). */
    public static final String WALLTIME = "WALLTIME";

    public enum Kind {
        /** Some tasks have not started yet, none failed. */
        STARTING,
        /** Every task runs (or has already finished well). */
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    public static GangVerdict of(List<TaskStatus> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a gang has at least one task");
        }
        // A wall-time overrun wins over other failures: it is the job's own doing, and the reason
        // users and metering rely on.
        if (tasks.stream().anyMatch(t -> t.phase() == TaskPhase.WALLTIME)) {
            return new GangVerdict(Kind.FAILED, WALLTIME, FailureCause.TENANT);
        }
        // Otherwise the first failed or lost task names the failure; one the provider caused comes
        // first (a lost node makes its gang's other tasks fail too, and they are not to blame).
        TaskStatus failed = tasks.stream().filter(t -> isFailure(t) && t.cause() == FailureCause.PROVIDER).findFirst()
                .orElseGet(() -> tasks.stream().filter(GangVerdict::isFailure).findFirst().orElse(null));
        if (failed != null) {
            String how = failed.phase() == TaskPhase.MISSING ? " lost: " : " failed: ";
            return new GangVerdict(Kind.FAILED, "task " + failed.task() + how + failed.reason(), failed.cause());
        }
        if (tasks.stream().allMatch(t -> t.phase() == TaskPhase.SUCCEEDED)) {
            return new GangVerdict(Kind.SUCCEEDED, null);
        }
        boolean allStarted = tasks.stream().allMatch(t -> t.phase() == TaskPhase.RUNNING || t.phase() == TaskPhase.SUCCEEDED);
        return new GangVerdict(allStarted ? Kind.RUNNING : Kind.STARTING, null);
    }

    private static boolean isFailure(TaskStatus t) {
        return t.phase() == TaskPhase.FAILED || t.phase() == TaskPhase.MISSING;
    }
}
