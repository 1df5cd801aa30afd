package io.suanli.dashboard.service;

import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.common.time.Slots;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The planning horizon the views show: slot 0 contains now, as for the solver. */
public record Horizon(Instant now, Instant start, Duration slot, int slots) {

    public static Horizon of(Instant now, ExchangeSettings settings) {
        Duration slot = Duration.ofMinutes(settings.slotMinutes());
        int slots = (int) Math.max(1, Duration.ofHours(settings.horizonHours()).toMinutes() / settings.slotMinutes());
        return new Horizon(now, Slots.slotStart(now, slot), slot, slots);
    }

    public Instant end() {
        return start.plus(slot.multipliedBy(slots));
    }

    /** The end of slot 0: a plan overlapping [start, firstSlotEnd) holds resources now. */
    public Instant firstSlotEnd() {
        return start.plus(slot);
    }

    public static OffsetDateTime sql(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
