package io.suanli.common.leader;

/**
 * Fired (as a CDI event) when this instance becomes or stops being the one active scheduler. Only
 * the leader runs the solver, commits plans and dispatches; every instance serves the API.
 *
 * @param leading whether this instance leads from now on
 * @param instance a name for this instance, for logs
 */
public record LeadershipChanged(boolean leading, String instance) {}
