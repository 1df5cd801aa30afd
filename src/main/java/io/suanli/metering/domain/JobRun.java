package io.suanli.metering.domain;

import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.UnitPrices;
import java.time.Instant;
import java.util.Map;

/**
 * What metering needs to know of one committed job: its resources per task, the window it may
 * run in, and for each task the node and the unit prices locked when the plan was committed.
 */
public record JobRun(
        String jobId,
        String tenant,
        String state,
        int attempt,
        int cpuCoresPerTask,
        double memoryGiBPerTask,
        int gpusPerTask,
        Instant runStartsAt,
        Instant runEndsAt,
        Site site,
        Region region,
        Map<Integer, TaskPlacement> tasks) {

    /** A task's node (with its power facts) and locked prices. */
    public record TaskPlacement(int task, Node node, UnitPrices prices) {}
}
