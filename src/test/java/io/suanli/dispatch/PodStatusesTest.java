package io.suanli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.suanli.dispatch.domain.FailureCause;
import io.suanli.dispatch.domain.TaskPhase;
import io.suanli.dispatch.domain.TaskStatus;
import io.suanli.dispatch.kubernetes.PodStatuses;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodStatusesTest {

    @Test
    void kubeletRejectionIsAFailureNamingNodeAndReason() {
        TaskStatus s = PodStatuses.of(2, pod(new PodStatusBuilder().withPhase("Failed").withReason("OutOfnvidia.com/gpu").build()));
        assertThat(s.phase()).isEqualTo(TaskPhase.FAILED);
        assertThat(s.reason()).isEqualTo("rejected by the kubelet on node gpu-7: OutOfnvidia.com/gpu");
        assertThat(s.cause()).as("the node took a pod it could not hold: the provider's doing").isEqualTo(FailureCause.PROVIDER);
    }

    @Test
    void deadlineExceededIsAWallTimeOverrun() {
        assertThat(PodStatuses.of(0, pod(new PodStatusBuilder().withPhase("Failed").withReason("DeadlineExceeded").build())).phase())
                .isEqualTo(TaskPhase.WALLTIME);
    }

    @Test
    void containerErrorIsReportedWithItsExitCode() {
        TaskStatus s = PodStatuses.of(0, pod(new PodStatusBuilder().withPhase("Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withState(new ContainerStateBuilder()
                        .withNewTerminated().withExitCode(137).withReason("OOMKilled").withStartedAt("2026-12-01T08:00:00Z")
                        .withFinishedAt("2026-12-01T08:10:00Z").endTerminated().build()).build())
                .build()));
        assertThat(s).isEqualTo(new TaskStatus(0, TaskPhase.FAILED, "OOMKilled: exit code 137",
                Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-01T08:10:00Z")));
    }

    @Test
    void imageThatCanNeverBePulledFailsWhilePending() {
        PodStatus status = new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                .withName("task").withState(new ContainerStateBuilder().withNewWaiting().withReason("InvalidImageName")
                        .endWaiting().build()).build()).build();
        assertThat(PodStatuses.of(0, pod(status)).phase()).isEqualTo(TaskPhase.FAILED);
        assertThat(PodStatuses.of(0, pod(new PodStatusBuilder().withPhase("Pending").build())).phase()).isEqualTo(TaskPhase.PENDING);
    }

    @Test
    void absentPodIsAMissingTask() {
        assertThat(PodStatuses.of(1, null)).isEqualTo(TaskStatus.missing(1));
    }

    private static Pod pod(PodStatus status) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().withNodeName("gpu-7").endSpec()
                .withStatus(status).build();
    }
}
