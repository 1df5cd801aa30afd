package io.suanli.dispatch.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One launched attempt of a job as dispatch recorded it: where its objects are and what its tasks
 * have done so far. Dispatch keeps its own record because a retry re-plans the job (the plan of
 * the old attempt is replaced) while the old attempt's objects may still need stopping.
 */
public record Dispatch(
        String jobId,
        String tenant,
        int attempt,
        String site,
        String namespace,
        Duration wallTime,
        Instant launchedAt,
        Instant runningAt,
        List<DispatchedTask> tasks) {

    public Dispatch {
        tasks = List.copyOf(tasks);
    }

    /** One task: the node it was sent to and, once seen, when it started and ended. */
    public record DispatchedTask(int task, String node, Instant startedAt, Instant endedAt) {}
}
