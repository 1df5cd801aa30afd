package io.suanli.dispatch;

import static io.suanli.dispatch.domain.GangVerdict.Kind.FAILED;
import static io.suanli.dispatch.domain.GangVerdict.Kind.RUNNING;
import static io.suanli.dispatch.domain.GangVerdict.Kind.STARTING;
import static io.suanli.dispatch.domain.GangVerdict.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.dispatch.domain.FailureCause;
import io.suanli.dispatch.domain.GangVerdict;
import io.suanli.dispatch.domain.TaskPhase;
import io.suanli.dispatch.domain.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class GangVerdictTest {

    @Test
    void gangRunsOnlyWhenEveryTaskRuns() {
        assertThat(verdict(TaskPhase.RUNNING, TaskPhase.PENDING)).isEqualTo(new GangVerdict(STARTING, null));
        assertThat(verdict(TaskPhase.RUNNING, TaskPhase.RUNNING)).isEqualTo(new GangVerdict(RUNNING, null));
        assertThat(verdict(TaskPhase.SUCCEEDED, TaskPhase.RUNNING)).isEqualTo(new GangVerdict(RUNNING, null));
    }

    @Test
    void gangSucceedsWhenEveryTaskSucceeded() {
        assertThat(verdict(TaskPhase.SUCCEEDED, TaskPhase.SUCCEEDED)).isEqualTo(new GangVerdict(SUCCEEDED, null));
    }

    @Test
    void oneFailedOrLostTaskFailsTheGangNamingIt() {
        List<TaskStatus> tasks = List.of(new TaskStatus(0, TaskPhase.RUNNING, null, null, null),
                new TaskStatus(1, TaskPhase.FAILED, "OutOfmemory", null, null));
        assertThat(GangVerdict.of(tasks)).isEqualTo(new GangVerdict(FAILED, "task 1 failed: OutOfmemory", FailureCause.TENANT));
        assertThat(GangVerdict.of(List.of(TaskStatus.missing(0), TaskStatus.pending(1))))
                .isEqualTo(new GangVerdict(FAILED, "task 0 lost: its object is gone", FailureCause.PROVIDER));
    }

    @Test
    void aFailureTheProviderCausedNamesTheGangsFailureEvenAfterATaskThatFailedBecauseOfIt() {
        List<TaskStatus> tasks = List.of(new TaskStatus(0, TaskPhase.FAILED, "Error: exit code 1", null, null),
                new TaskStatus(1, TaskPhase.FAILED, "rejected by the kubelet on node n: OutOfcpu", null, null, FailureCause.PROVIDER));
        assertThat(GangVerdict.of(tasks)).isEqualTo(
                new GangVerdict(FAILED, "task 1 failed: rejected by the kubelet on node n: OutOfcpu", FailureCause.PROVIDER));
        assertThat(GangVerdict.of(List.of(new TaskStatus(0, TaskPhase.FAILED, "Error: exit code 2", null, null))).cause())
                .as("a non-zero exit of the user's container is the tenant's doing").isEqualTo(FailureCause.TENANT);
    }

    @Test
    void anOverrunWinsOverOtherFailuresAndIsReportedAsWalltime() {
        List<TaskStatus> tasks = List.of(new TaskStatus(0, TaskPhase.FAILED, "Error", null, null),
                new TaskStatus(1, TaskPhase.WALLTIME, "deadline", null, null));
        assertThat(GangVerdict.of(tasks)).isEqualTo(new GangVerdict(FAILED, "WALLTIME", FailureCause.TENANT));
    }

    private static GangVerdict verdict(TaskPhase... phases) {
        return GangVerdict.of(java.util.stream.IntStream.range(0, phases.length)
                .mapToObj(i -> new TaskStatus(i, phases[i], null, null, null)).toList());
    }
}
