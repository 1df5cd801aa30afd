package io.suanli.jobs;

import static io.suanli.jobs.domain.JobState.CANCELLED;
import static io.suanli.jobs.domain.JobState.DISPATCHED;
import static io.suanli.jobs.domain.JobState.FAILED;
import static io.suanli.jobs.domain.JobState.PLACED;
import static io.suanli.jobs.domain.JobState.PLANNED;
import static io.suanli.jobs.domain.JobState.QUEUED;
import static io.suanli.jobs.domain.JobState.RUNNING;
import static io.suanli.jobs.domain.JobState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.jobs.domain.IllegalTransitionException;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lifecycle is enforced by the domain model itself, for every pair of states. */
class JobLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    /** The lifecycle of BRIEF.md, written out independently of JobState's own table. */
    private static final Map<JobState, Set<JobState>> LEGAL = Map.of(
            QUEUED, EnumSet.of(PLANNED, CANCELLED),
            PLANNED, EnumSet.of(QUEUED, PLACED, CANCELLED),
            PLACED, EnumSet.of(DISPATCHED, QUEUED, CANCELLED),
            DISPATCHED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED),
            FAILED, EnumSet.of(QUEUED),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class));

    @Test
    void everyPairOfStatesIsAllowedExactlyAsTheLifecycleSays() {
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                Job job = jobIn(from, 1);
                // A failed job with a retry left may also be cancelled before it is queued again.
                boolean legal = LEGAL.get(from).contains(to) || (from == FAILED && to == CANCELLED);
                if (legal) {
                    Job.Transition moved = job.moveTo(to, "step", T0.plusSeconds(60));
                    assertThat(moved.job().state()).as(from + " -> " + to).isEqualTo(to);
                    assertThat(moved.event()).isEqualTo(new JobEvent(job.id(), job.lastEventSequence() + 1, to, T0.plusSeconds(60), "step"));
                } else {
                    assertThatThrownBy(() -> job.moveTo(to, "step", T0))
                            .as(from + " -> " + to)
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageContaining(from + " to " + to);
                }
            }
        }
    }

    @Test
    void happyPathRecordsOneEventPerStepInOrder() {
        Job.Transition t = Job.submitted("j1", spec(0), T0);
        assertThat(t.event()).isEqualTo(new JobEvent("j1", 1, QUEUED, T0, "submitted"));
        Job job = t.job();
        int sequence = 1;
        for (JobState next : List.of(PLANNED, PLACED, DISPATCHED, RUNNING, SUCCEEDED)) {
            Job.Transition step = job.moveTo(next, "to " + next, T0.plusSeconds(sequence));
            sequence++;
            assertThat(step.event().sequence()).isEqualTo(sequence);
            job = step.job();
        }
        assertThat(job.state()).isEqualTo(SUCCEEDED);
        assertThat(job.lastEventSequence()).isEqualTo(6);
    }

    @Test
    void failedJobIsRequeuedOnlyWhileRetriesRemain() {
        Job failed = jobIn(FAILED, 2);
        Job retried = failed.moveTo(QUEUED, "retry", T0).job();
        assertThat(retried.attempt()).isEqualTo(1);
        Job failedAgain = new Job(retried.id(), retried.spec(), FAILED, "x", retried.attempt(), 9, T0, T0);
        Job lastTry = failedAgain.moveTo(QUEUED, "retry", T0).job();
        assertThat(lastTry.attempt()).isEqualTo(2);
        Job spent = new Job(lastTry.id(), lastTry.spec(), FAILED, "x", 2, 12, T0, T0);
        assertThat(spent.hasRetriesLeft()).isFalse();
        assertThatThrownBy(() -> spent.moveTo(QUEUED, "retry", T0))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("no retries left (2 allowed)");
    }

    @Test
    void failedJobWithoutRetriesIsFinalAndCannotBeCancelled() {
        assertThatThrownBy(() -> jobIn(FAILED, 0).moveTo(QUEUED, "retry", T0))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> jobIn(FAILED, 0).moveTo(CANCELLED, "stop", T0))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(FAILED.isFinal()).isTrue();
        assertThat(RUNNING.isFinal()).isFalse();
    }

    @Test
    void failedJobWithARetryLeftCanBeCancelledInsteadOfRetried() {
        Job cancelled = jobIn(FAILED, 1).moveTo(CANCELLED, "stop retrying", T0).job();
        assertThat(cancelled.state()).isEqualTo(CANCELLED);
    }

    private static Job jobIn(JobState state, int maxRetries) {
        return new Job("j-" + state, spec(maxRetries), state, "test", 0, 3, T0, T0);
    }

    private static JobSpec spec(int maxRetries) {
        return new JobSpec("transport", null, 1, 4, 16.0, 0, null, 1, T0, null, 1, null, null, null, null, null, null,
                null, null, maxRetries, null).withDefaults(T0);
    }
}
