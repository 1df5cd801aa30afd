package io.suanli.dashboard.model;

import java.util.List;
import java.util.Map;

/**
 * One page of waiting jobs, oldest first, the cursor to the next page (null on the last), and
 * how many jobs wait per tenant and state (for the filter and the headline).
 */
public record QueuePage(List<JobSummary> items, String next, Map<String, Map<String, Long>> waitingByTenant) {}
