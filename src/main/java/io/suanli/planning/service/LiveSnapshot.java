package io.suanli.planning.service;

import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.scheduling.domain.PlanningSnapshot;
import java.util.Map;
import java.util.UUID;

/**
 * One planning snapshot of the live exchange: the engine's snapshot (slot 0 = the current slot),
 * its frame, the jobs in it by id, and the waiting jobs left out of it with the reason.
 */
public record LiveSnapshot(
        PlanningSnapshot snapshot,
        SlotFrame frame,
        Map<String, LiveJob> jobs,
        Map<UUID, String> leftOut) {}
