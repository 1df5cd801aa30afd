package io.suanli.planning.domain;

import io.suanli.common.time.Slots;
import java.time.Duration;
import java.time.Instant;

/**
 * The planning frame of one snapshot: slot 0 is the slot that contains now, slots have a fixed
 * length, and the horizon counts slots. Converts instants to slot numbers and back.
 */
public record SlotFrame(Instant slotZero, Duration slot, int horizonSlots, int freezeSlots) {

    public static SlotFrame at(Instant now, int slotMinutes, int horizonHours, int freezeSlots) {
        Duration slot = Duration.ofMinutes(slotMinutes);
        int horizon = (int) Math.max(1, Math.min(168, (long) horizonHours * 60 / slotMinutes));
        return new SlotFrame(Slots.slotStart(now, slot), slot, horizon, freezeSlots);
    }

    /** The slot that contains the instant (negative before slot 0). */
    public int slotOf(Instant instant) {
        return (int) Math.floorDiv(Duration.between(slotZero, instant).toSeconds(), slot.toSeconds());
    }

    /** The first slot that starts at or after the instant. */
    public int slotAtOrAfter(Instant instant) {
        long seconds = Duration.between(slotZero, instant).toSeconds();
        return (int) -Math.floorDiv(-seconds, slot.toSeconds());
    }

    public Instant startOf(int slot) {
        return slotZero.plus(this.slot.multipliedBy(slot));
    }

    /** Slots a run of the given hours needs (rounded up). */
    public int slotsFor(int hours) {
        long minutes = hours * 60L;
        long slotMinutes = slot.toMinutes();
        return (int) ((minutes + slotMinutes - 1) / slotMinutes);
    }

    /** Slots between this frame and a later one. */
    public int slotsSince(SlotFrame earlier) {
        return (int) (Duration.between(earlier.slotZero, slotZero).toSeconds() / slot.toSeconds());
    }

    /** Whether a plan starting in this slot is due to be committed. */
    public boolean inFreezeWindow(int startSlot) {
        return startSlot < Math.max(1, freezeSlots);
    }
}
