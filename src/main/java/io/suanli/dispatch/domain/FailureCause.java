package io.suanli.dispatch.domain;

/**
 * Who caused a failed run, which decides whether its charges are refunded (docs/settlement.md):
 * the provider (its node was lost, the kubelet rejected the pod, the site failed it) or the tenant
 * (its container exited with an error, its image could not be used, it ran past its wall time).
 */
public enum FailureCause {
    PROVIDER,
    TENANT;

    /** The cause a task's phase implies when its executor says nothing more: a lost task is the provider's doing. */
    public static FailureCause implied(TaskPhase phase) {
        return switch (phase) {
            case MISSING -> PROVIDER;
            case FAILED, WALLTIME -> TENANT;
            default -> null;
        };
    }
}
