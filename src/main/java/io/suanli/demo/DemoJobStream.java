package io.suanli.demo;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioDocument.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The live demo's stream of department jobs: for a slot it gives the jobs submitted in it, with
 * the same mix as the generator and more work in office hours. It reads no clock: the caller
 * passes the slot, so a replayed or accelerated demo sees the same jobs for the same slot.
 * Hours in the jobs are relative to the slot (0 = the slot itself).
 */
public final class DemoJobStream {

    /** Relative submission rate by local hour: quiet nights, busy working days. */
    private static final double[] ACTIVITY = {
        0.3, 0.25, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.2, 1.5, 1.6, 1.5,
        1.2, 1.4, 1.6, 1.6, 1.5, 1.3, 1.1, 1.0, 0.9, 0.7, 0.5, 0.4};

    private final JobFactory factory;
    private final long seed;
    private final double jobsPerSlot;
    private final int horizonHours;
    private final Duration slotLength;

    /**
     * @param estate the estate jobs are made for (its jobs are ignored); its tenants should be the
     *     demo departments, as in a generated city, or the jobs name tenants it does not know
     * @param jobsPerSlot mean number of jobs per slot over a day
     * @param horizonHours the live planning horizon in slots; jobs fit inside it
     */
    public DemoJobStream(ScenarioDocument estate, long seed, double jobsPerSlot, int horizonHours,
            Duration slotLength) {
        if (jobsPerSlot < 0 || horizonHours < 1 || slotLength.isZero() || slotLength.isNegative()) {
            throw new IllegalArgumentException("jobsPerSlot >= 0, horizonHours >= 1 and a positive slot length");
        }
        this.factory = new JobFactory(EstateIndex.of(estate));
        this.seed = seed;
        this.jobsPerSlot = jobsPerSlot;
        this.horizonHours = horizonHours;
        this.slotLength = slotLength;
    }

    /** The slot that contains an instant, counted from the epoch. */
    public long slotIndex(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), slotLength.getSeconds());
    }

    /** The jobs submitted in the slot that contains {@code instant}. */
    public List<Job> jobsAt(Instant instant) {
        long slot = slotIndex(instant);
        Instant slotStart = Instant.ofEpochSecond(slot * slotLength.getSeconds());
        int localHour = slotStart.atZone(CarbonCurves.CHINA).getHour();
        return jobsForSlot(slot, jobsPerSlot * ACTIVITY[localHour]);
    }

    /** The jobs of slot {@code slot} at a given mean rate; ids are unique per slot and position. */
    public List<Job> jobsForSlot(long slot, double meanJobs) {
        // one stream per (seed, slot): the same slot always gives the same jobs, in any order of asking
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + slot);
        int count = poisson(meanJobs, random);
        List<Job> jobs = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            JobKind kind = JobKind.pick(random.nextDouble());
            jobs.add(factory.create(String.format("live-%d-%04d", slot, i), kind, horizonHours, random));
        }
        return jobs;
    }

    /** Poisson count (Knuth for small means, a rounded normal beyond), so bursts look natural. */
    static int poisson(double mean, SplittableRandom random) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double gaussian = radius * Math.cos(2 * Math.PI * random.nextDouble());
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
