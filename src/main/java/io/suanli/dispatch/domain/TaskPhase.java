package io.suanli.dispatch.domain;

/** What one task of a dispatched job is doing, as its executor reports it. */
public enum TaskPhase {
    /** Created, not running yet (image pull, start-up). */
    PENDING,
    RUNNING,
    SUCCEEDED,
    /** Failed or was rejected (e.g. the kubelet's {@code OutOfcpu}). */
    FAILED,
    /** Stopped because it ran past its wall time. */
    WALLTIME,
    /** Its object is gone (deleted by someone else, lost with its node). */
    MISSING;

    public boolean isOver() {
        return this == SUCCEEDED || this == FAILED || this == WALLTIME;
    }
}
