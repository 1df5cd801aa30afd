package io.suanli.dashboard.service;

/** SQL fragments for the job states whose plan holds capacity, and the states still waiting. */
final class LiveStates {

    /** A plan of a job in one of these states occupies its nodes over its window. */
    static final String HOLDING = "('PLANNED', 'PLACED', 'DISPATCHED', 'RUNNING')";

    /** Jobs the queue view lists: not yet committed to a place. */
    static final String WAITING = "('QUEUED', 'PLANNED')";

    private LiveStates() {}
}
