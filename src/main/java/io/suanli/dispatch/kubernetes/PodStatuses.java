package io.suanli.dispatch.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.suanli.dispatch.domain.FailureCause;
import io.suanli.dispatch.domain.TaskPhase;
import io.suanli.dispatch.domain.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Reads a task's state off its Pod: phase, the kubelet's reasons, and the container's times. */
public final class PodStatuses {

    /** The kubelet's reason for a pod stopped at its {@code activeDeadlineSeconds}. */
    static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    /** Waiting reasons that never resolve on their own: the task cannot start. */
    private static final Set<String> FATAL_WAITING = Set.of(
            "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError");

    private PodStatuses() {}

    /** The task's state; a null pod is a missing task. */
    public static TaskStatus of(int task, Pod pod) {
        if (pod == null) {
            return TaskStatus.missing(task);
        }
        PodStatus status = pod.getStatus();
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        ContainerStatus container = container(status);
        Instant startedAt = startedAt(status, container);
        Instant endedAt = endedAt(container);
        switch (phase) {
            case "Succeeded":
                return new TaskStatus(task, TaskPhase.SUCCEEDED, null, startedAt, endedAt);
            case "Failed": {
                String reason = status.getReason();
                if (DEADLINE_EXCEEDED.equals(reason)) {
                    return new TaskStatus(task, TaskPhase.WALLTIME, "ran past activeDeadlineSeconds", startedAt, endedAt);
                }
                if (reason != null && reason.startsWith("OutOf")) {
                    return new TaskStatus(task, TaskPhase.FAILED, "rejected by the kubelet on node "
                            + pod.getSpec().getNodeName() + ": " + reason + message(status.getMessage()), startedAt, endedAt,
                            FailureCause.PROVIDER);
                }
                return new TaskStatus(task, TaskPhase.FAILED, failure(status, container), startedAt, endedAt);
            }
            case "Running":
                return new TaskStatus(task, TaskPhase.RUNNING, null, startedAt, null);
            default: {
                ContainerState state = container == null ? null : container.getState();
                if (state != null && state.getWaiting() != null && FATAL_WAITING.contains(state.getWaiting().getReason())) {
                    return new TaskStatus(task, TaskPhase.FAILED, state.getWaiting().getReason()
                            + message(state.getWaiting().getMessage()), null, null);
                }
                return TaskStatus.pending(task);
            }
        }
    }

    private static String failure(PodStatus status, ContainerStatus container) {
        if (status.getReason() != null) {
            return status.getReason() + message(status.getMessage());
        }
        if (container != null && container.getState() != null && container.getState().getTerminated() != null) {
            var terminated = container.getState().getTerminated();
            return (terminated.getReason() == null ? "Error" : terminated.getReason())
                    + ": exit code " + terminated.getExitCode() + message(terminated.getMessage());
        }
        return "Failed" + message(status.getMessage());
    }

    private static ContainerStatus container(PodStatus status) {
        if (status == null) {
            return null;
        }
        List<ContainerStatus> containers = status.getContainerStatuses();
        if (containers == null) {
            return null;
        }
        return containers.stream().filter(c -> PodFactory.CONTAINER.equals(c.getName())).findFirst()
                .orElse(containers.isEmpty() ? null : containers.get(0));
    }

    private static Instant startedAt(PodStatus status, ContainerStatus container) {
        ContainerState state = container == null ? null : container.getState();
        if (state != null && state.getRunning() != null && state.getRunning().getStartedAt() != null) {
            return Instant.parse(state.getRunning().getStartedAt());
        }
        if (state != null && state.getTerminated() != null && state.getTerminated().getStartedAt() != null) {
            return Instant.parse(state.getTerminated().getStartedAt());
        }
        return status == null || status.getStartTime() == null ? null : Instant.parse(status.getStartTime());
    }

    private static Instant endedAt(ContainerStatus container) {
        ContainerState state = container == null ? null : container.getState();
        if (state != null && state.getTerminated() != null && state.getTerminated().getFinishedAt() != null) {
            return Instant.parse(state.getTerminated().getFinishedAt());
        }
        return null;
    }

    private static String message(String message) {
        return message == null || message.isBlank() ? "" : " (" + message + ")";
    }
}
