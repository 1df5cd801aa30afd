package io.suanli.dispatch.domain;

import java.util.List;

/**
 * What the tasks of one gang say about the job: a gang runs when all its tasks run, succeeds when
 * all succeed, and fails as soon as one task fails, overruns or is lost (the others are stopped:
 * a gang with a missing member cannot make progress).
 *
 * @param reason for a failure: {@code WALLTIME} for an overrun, else which task failed and why
 */
public record GangVerdict(Kind kind, String reason) {

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
            return new GangVerdict(Kind.FAILED, WALLTIME);
        }
        for (TaskStatus t : tasks) {
            if (t.phase() == TaskPhase.FAILED) {
                return new GangVerdict(Kind.FAILED, "task " + t.task() + " failed: " + t.reason());
            }
            if (t.phase() == TaskPhase.MISSING) {
                return new GangVerdict(Kind.FAILED, "task " + t.task() + " lost: " + t.reason());
            }
        }
        if (tasks.stream().allMatch(t -> t.phase() == TaskPhase.SUCCEEDED)) {
            return new GangVerdict(Kind.SUCCEEDED, null);
        }
        boolean allStarted = tasks.stream().allMatch(t -> t.phase() == TaskPhase.RUNNING || t.phase() == TaskPhase.SUCCEEDED);
        return new GangVerdict(allStarted ? Kind.RUNNING : Kind.STARTING, null);
    }
}
