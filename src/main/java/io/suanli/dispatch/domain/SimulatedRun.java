package io.suanli.dispatch.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How one attempt of a job runs on a simulated site, drawn from a random seeded by the simulation
 * seed, the job and the attempt: the same attempt always runs the same way (also after a restart,
 * with no state kept), and a retry draws anew.
 *
 * @param startDelay from dispatch until the tasks run
 * @param runTime how long the tasks run (for a straggler: longer than the wall time)
 * @param failingTask the task that fails, for {@link Outcome#FAILS}; else -1
 */
public record SimulatedRun(Outcome outcome, Duration startDelay, Duration runTime, int failingTask) {

    public enum Outcome {
        SUCCEEDS,
        /** One task exits with an error part-way through. */
        FAILS,
        /** Runs past the wall time and is stopped ({@code WALLTIME}). */
        STRAGGLES
    }

    /** The rates and timings a simulated site draws from. */
    public record Settings(long seed, double failureRate, double stragglerRate, Duration startDelay,
            double minRunShare, double maxRunShare) {

        public Settings {
            if (failureRate < 0 || stragglerRate < 0 || failureRate + stragglerRate > 1) {
                throw new IllegalArgumentException("failure and straggler rates are shares that add up to at most 1");
            }
            if (minRunShare <= 0 || maxRunShare >= 1 || minRunShare > maxRunShare) {
                throw new IllegalArgumentException("run shares must satisfy 0 < min <= max < 1");
            }
        }
    }

    public static SimulatedRun draw(Settings s, String jobId, int attempt, int tasks, Duration wallTime) {
        SplittableRandom random = new SplittableRandom(mix(s.seed(), jobId, attempt));
        double u = random.nextDouble();
        double share = s.minRunShare() + random.nextDouble() * (s.maxRunShare() - s.minRunShare());
        Duration normal = scale(wallTime, share);
        int failing = random.nextInt(tasks);
        if (u < s.failureRate()) {
            return new SimulatedRun(Outcome.FAILS, s.startDelay(), normal, failing);
        }
        if (u < s.failureRate() + s.stragglerRate()) {
            return new SimulatedRun(Outcome.STRAGGLES, s.startDelay(), scale(wallTime, 1 + share), -1);
        }
        return new SimulatedRun(Outcome.SUCCEEDS, s.startDelay(), normal, -1);
    }

    /** What each task is doing at {@code now}, for an attempt launched at {@code launchedAt}. */
    public List<TaskStatus> statusAt(Instant launchedAt, Instant now, int tasks, Duration wallTime) {
        Instant start = launchedAt.plus(startDelay);
        Instant end = start.plus(runTime);
        Instant deadline = start.plus(wallTime);
        List<TaskStatus> statuses = new ArrayList<>(tasks);
        for (int task = 0; task < tasks; task++) {
            if (now.isBefore(start)) {
                statuses.add(TaskStatus.pending(task));
            } else if (outcome == Outcome.STRAGGLES && !now.isBefore(deadline)) {
                statuses.add(new TaskStatus(task, TaskPhase.WALLTIME, "ran past its wall time of " + wallTime, start, deadline));
            } else if (outcome == Outcome.FAILS && task == failingTask && !now.isBefore(end)) {
                statuses.add(new TaskStatus(task, TaskPhase.FAILED, "Error: exit code 1 (simulated)", start, end));
            } else if (outcome == Outcome.SUCCEEDS && !now.isBefore(end)) {
                statuses.add(new TaskStatus(task, TaskPhase.SUCCEEDED, null, start, end));
            } else {
                statuses.add(new TaskStatus(task, TaskPhase.RUNNING, null, start, null));
            }
        }
        return statuses;
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }

    /** A seed from the simulation seed, the job and the attempt (String.hashCode is fixed by the JLS). */
    private static long mix(long seed, String jobId, int attempt) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= jobId.hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= (attempt + 1L) * 0x165667B19E3779F9L;
        return h;
    }
}
