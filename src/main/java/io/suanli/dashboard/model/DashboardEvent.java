package io.suanli.dashboard.model;

import java.time.Instant;
import java.util.List;

/**
 * A message of the dashboard's live stream. {@code type} is the SSE event name:
 * <ul>
 *   <li>{@code hello}: first message of a connection; {@code instance} changes when the server restarts,</li>
 *   <li>{@code jobs}: jobs whose state changed since the last message, as the queue shows them,</li>
 *   <li>{@code resync}: too much changed at once; reload the view,</li>
 *   <li>{@code plans}: plans changed (new, replaced, committed) without a job event, e.g. a better tentative plan,</li>
 *   <li>{@code catalog}: regions, sites or nodes changed (a drain, a new node).</li>
 * </ul>
 */
public record DashboardEvent(String type, Instant at, String instance, List<JobSummary> jobs) {

    public static DashboardEvent hello(Instant at, String instance) {
        return new DashboardEvent("hello", at, instance, null);
    }

    public static DashboardEvent jobs(Instant at, List<JobSummary> jobs) {
        return new DashboardEvent("jobs", at, null, jobs);
    }

    public static DashboardEvent signal(String type, Instant at) {
        return new DashboardEvent(type, at, null, null);
    }
}
