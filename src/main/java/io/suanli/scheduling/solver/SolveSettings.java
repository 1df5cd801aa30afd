package io.suanli.scheduling.solver;

/**
 * How long and how to solve. {@code steps} (local search steps) makes a run reproducible;
 * {@code seconds} is a wall-time limit and is not. Either or both may be set.
 *
 * @param seed random seed of the local search (default 0)
 * @param steps local search step limit, or null
 * @param seconds wall-time limit in seconds, or null
 * @param lateAcceptanceSize late acceptance history length, or null for the default that depends on the job count
 * @param fullAssert run in FULL_ASSERT mode, checking every move against the constraint provider (slow; tests)
 * @param contentionWeight weight of the contention surcharges of the guided first stage (see
 *     {@code SchedulingEngine}), 0 to search at true prices throughout
 */
public record SolveSettings(long seed, Integer steps, Double seconds, Integer lateAcceptanceSize, boolean fullAssert, double contentionWeight) {
    /** See {@link io.suanli.scheduling.domain.ContentionPrices}; measured in docs/benchmarks.md. */
    public static final double DEFAULT_CONTENTION_WEIGHT = 6.0;

    /**
     * Late acceptance history by problem size: 4,000,000 / jobs, within [400, 20,000]. Measured on
     * the public scenarios: a long history (20,000) finds more placed priority on 200 jobs, a short
     * one (400) finds both more priority and a lower cost on 20,000 jobs, where steps are slower.
     */
    public static int defaultLateAcceptance(int jobs) {
        return (int) Math.max(MIN_LATE_ACCEPTANCE, Math.min(20_000, 4_000_000L / Math.max(1, jobs)));
    }

    /** The shortest late acceptance history the engine uses. */
    public static final int MIN_LATE_ACCEPTANCE = 400;

    public int lateAcceptanceFor(int jobs) {
        return lateAcceptanceSize != null ? lateAcceptanceSize : defaultLateAcceptance(jobs);
    }

    public SolveSettings {
        if (steps == null && seconds == null) throw new IllegalArgumentException("give a step limit, a time limit or both");
        if (!(contentionWeight >= 0)) throw new IllegalArgumentException("contention weight must be 0 or more");
    }

    public static SolveSettings ofSteps(long seed, int steps) {
        return new SolveSettings(seed, steps, null, null, false, DEFAULT_CONTENTION_WEIGHT);
    }

    public static SolveSettings ofSeconds(long seed, double seconds) {
        return new SolveSettings(seed, null, seconds, null, false, DEFAULT_CONTENTION_WEIGHT);
    }

    public SolveSettings withFullAssert() {
        return new SolveSettings(seed, steps, seconds, lateAcceptanceSize, true, contentionWeight);
    }

    public SolveSettings withLateAcceptanceSize(int size) {
        return new SolveSettings(seed, steps, seconds, size, fullAssert, contentionWeight);
    }

    /** The same settings for one stage of a solve: its share of the steps and of the time. */
    SolveSettings share(double fraction) {
        Integer s = steps == null ? null : Math.max(1, (int) Math.round(steps * fraction));
        Double t = seconds == null ? null : seconds * fraction;
        return new SolveSettings(seed, s, t, lateAcceptanceSize, fullAssert, contentionWeight);
    }
}
