package io.suanli.common.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock of the service. It follows the system clock by default, and can be set
 * (tests) or run faster than real time (the accelerated demo), so no code reads
 * {@code Instant.now()} on its own.
 */
public final class ExchangeClock extends Clock {

    private final Clock base;
    private volatile Anchor anchor;

    /** The clock reads {@code at + speed * (base now - baseAt)}. */
    private record Anchor(Instant baseAt, Instant at, double speed) {}

    public ExchangeClock(Clock base) {
        this.base = base;
        Instant now = base.instant();
        this.anchor = new Anchor(now, now, 1.0);
    }

    public static ExchangeClock system() {
        return new ExchangeClock(Clock.systemUTC());
    }

    @Override
    public Instant instant() {
        Anchor a = anchor;
        if (a.speed == 1.0) {
            return a.at.plus(Duration.between(a.baseAt, base.instant()));
        }
        long elapsedNanos = Duration.between(a.baseAt, base.instant()).toNanos();
        return a.at.plusNanos((long) (elapsedNanos * a.speed));
    }

    /** Jumps to {@code instant}; time then runs on from there at the current speed. */
    public synchronized void set(Instant instant) {
        anchor = new Anchor(base.instant(), instant, anchor.speed);
    }

    /** Moves the clock forward by {@code step}. */
    public synchronized void advance(Duration step) {
        set(instant().plus(step));
    }

    /** Runs the clock {@code speed} times faster than real time from now on. */
    public synchronized void setSpeed(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("clock speed must be positive and finite: " + speed);
        }
        anchor = new Anchor(base.instant(), instant(), speed);
    }

    public double speed() {
        return anchor.speed;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the exchange clock is UTC; convert at the edges");
    }
}
