package io.suanli.common.time;

import java.time.Duration;
import java.time.Instant;

/** Slot arithmetic: slots are aligned to the epoch in steps of the slot length. */
public final class Slots {

    private Slots() {}

    /** The start of the slot that contains {@code instant}. */
    public static Instant slotStart(Instant instant, Duration slot) {
        long slotSeconds = slot.toSeconds();
        long seconds = Math.floorDiv(instant.getEpochSecond(), slotSeconds) * slotSeconds;
        return Instant.ofEpochSecond(seconds);
    }
}
