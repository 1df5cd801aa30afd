package io.suanli.demo;

import java.time.Instant;

/** The size and seed of a generated city estate; presets {@code demo} and {@code scale}. */
public record DemoSettings(String preset, int nodes, int jobs, int horizonHours, long seed, Instant startsAt) {

    /** 08:00 in Hangzhou: a fixed start keeps output independent of the wall clock. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-28T00:00:00Z");

    public DemoSettings {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, was " + nodes);
        }
        if (jobs < 0) {
            throw new IllegalArgumentException("jobs must be >= 0, was " + jobs);
        }
        if (horizonHours < 1 || horizonHours > 168) {
            throw new IllegalArgumentException("horizonHours must be 1..168, was " + horizonHours);
        }
    }

    /** About 300 nodes over 24 hours: a live demo that a person can follow on the dashboard. */
    public static DemoSettings demo() {
        return new DemoSettings("demo", 300, 800, 24, 42L, DEFAULT_START);
    }

    /** 10,000 nodes, 100,000 jobs over 48 hours: the size the scheduler benchmarks must hold. */
    public static DemoSettings scale() {
        return new DemoSettings("scale", 10_000, 100_000, 48, 42L, DEFAULT_START);
    }

    /** The preset by name, as on the command line. */
    public static DemoSettings preset(String name) {
        return switch (name) {
            case "demo" -> demo();
            case "scale" -> scale();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (demo|scale)");
        };
    }

    public DemoSettings withNodes(int value) {
        return new DemoSettings(preset, value, jobs, horizonHours, seed, startsAt);
    }

    public DemoSettings withJobs(int value) {
        return new DemoSettings(preset, nodes, value, horizonHours, seed, startsAt);
    }

    public DemoSettings withHorizonHours(int value) {
        return new DemoSettings(preset, nodes, jobs, value, seed, startsAt);
    }

    public DemoSettings withSeed(long value) {
        return new DemoSettings(preset, nodes, jobs, horizonHours, value, startsAt);
    }
}
