package io.suanli.planning.service;

import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.scheduling.domain.PlanningSnapshot;
import java.util.Map;
import java.util.UUID;

/**
 * One planning snapshot of the live exchange: the engine's snapshot (slot 0 = the current slot),
 * its frame, the jobs in it by id, and the waiting jobs left out of it with the reason. A snapshot
 * that only adds jobs to another names it by its serial in {@code base} (0 for a full build): a
 * plan of the base carries over as it is. A serial, not a reference, so that a run of extensions
 * does not keep every earlier snapshot alive.
 */
public record LiveSnapshot(
        PlanningSnapshot snapshot,
        SlotFrame frame,
        Map<String, LiveJob> jobs,
        Map<UUID, String> leftOut,
        long serial,
        long base) {

    public boolean extendsSnapshot(LiveSnapshot other) {
        return other != null && base != 0 && base == other.serial;
    }
}
