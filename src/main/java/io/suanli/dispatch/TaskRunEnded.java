package io.suanli.dispatch;

import java.time.Instant;

/**
 * Fired (as a CDI event) when one task of a dispatched job stops running on its node, whatever the
 * outcome: metering turns the time between {@code startedAt} and {@code endedAt} into usage.
 *
 * @param jobId the job
 * @param attempt the job's attempt (0 for the first run, +1 for each retry)
 * @param task the task's index in the gang (0-based)
 * @param node the node it ran on
 * @param startedAt when the task started running
 * @param endedAt when it stopped (finished, failed, was stopped or hit its wall time)
 * @param outcome how it ended
 */
public record TaskRunEnded(String jobId, int attempt, int task, String node, Instant startedAt, Instant endedAt,
        Outcome outcome) {

    public enum Outcome { SUCCEEDED, FAILED, WALLTIME, STOPPED }
}
