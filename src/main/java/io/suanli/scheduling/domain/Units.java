package io.suanli.scheduling.domain;

/** Integer scaling used inside the score: memory in MiB, money in micro-units. */
public final class Units {
    public static final long MICROS = 1_000_000L;
    public static final long MIB_PER_GIB = 1024L;

    private Units() {}

    /** A demand is rounded up so that integer sums never under-count the real (decimal) demand. */
    public static long demandMiB(double gib) {
        return (long) Math.ceil(gib * MIB_PER_GIB - 1e-7);
    }

    /** A capacity is rounded down for the same reason. */
    public static long capacityMiB(double gib) {
        return (long) Math.floor(gib * MIB_PER_GIB + 1e-7);
    }

    public static long micros(double amount) {
        return Math.round(amount * MICROS);
    }

    public static double fromMicros(long micros) {
        return micros / (double) MICROS;
    }
}
