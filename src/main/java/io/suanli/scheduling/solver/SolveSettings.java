package io.suanli.scheduling.solver;

/**
 * How long and how to solve. {@code steps} (local search steps) makes a run reproducible;
 * {@code seconds} is a wall-time limit and is not. Either or both may be set.
 *
 * @param seed random seed of the local search (default 0)
 * @param steps local search step limit, or null
 * @param seconds wall-time limit in seconds, or null
 * @param lateAcceptanceSize late acceptance history length (default 400)
 * @param fullAssert run in FULL_ASSERT mode, checking every move against the constraint provider (slow; tests)
 */
public record SolveSettings(long seed, Integer steps, Double seconds, int lateAcceptanceSize, boolean fullAssert) {
    public static final int DEFAULT_LATE_ACCEPTANCE = 400;

    public SolveSettings {
        if (steps == null && seconds == null) throw new IllegalArgumentException("give a step limit, a time limit or both");
    }

    public static SolveSettings ofSteps(long seed, int steps) {
        return new SolveSettings(seed, steps, null, DEFAULT_LATE_ACCEPTANCE, false);
    }

    public static SolveSettings ofSeconds(long seed, double seconds) {
        return new SolveSettings(seed, null, seconds, DEFAULT_LATE_ACCEPTANCE, false);
    }

    public SolveSettings withFullAssert() {
        return new SolveSettings(seed, steps, seconds, lateAcceptanceSize, true);
    }
}
