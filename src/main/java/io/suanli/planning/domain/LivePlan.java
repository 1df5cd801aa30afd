package io.suanli.planning.domain;

import java.time.Instant;
import java.util.List;

/** A job's plan as stored: site, start, end, one node per task, and whether it is committed. */
public record LivePlan(String site, Instant startsAt, Instant endsAt, List<String> nodes, boolean committed) {

    /** Same place and time (committing or re-pricing does not make a plan different). */
    public boolean samePlacement(LivePlan other) {
        return other != null && startsAt.equals(other.startsAt) && nodes.equals(other.nodes);
    }
}
