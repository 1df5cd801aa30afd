package io.suanli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioDocument.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoJobStreamTest {

    private static final long SEED = 11L;
    private static final double JOBS_PER_SLOT = 40.0;
    private static final int HORIZON = 24;
    private static final Duration HOUR = Duration.ofHours(1);
    /** 10:00 and 03:00 in Hangzhou. */
    private static final Instant MORNING = Instant.parse("2026-11-28T02:00:00Z");
    private static final Instant NIGHT = Instant.parse("2026-11-27T19:00:00Z");

    private static ScenarioDocument estate;

    @BeforeAll
    static void generateEstate() {
        estate = new CityGenerator().generate(DemoSettings.demo().withJobs(0));
    }

    private static DemoJobStream stream() {
        return new DemoJobStream(estate, SEED, JOBS_PER_SLOT, HORIZON, HOUR);
    }

    @Test
    void theSameSlotGivesTheSameJobs() {
        assertThat(stream().jobsAt(MORNING)).isEqualTo(stream().jobsAt(MORNING));
        assertThat(stream().jobsAt(MORNING.plusSeconds(1800))).isEqualTo(stream().jobsAt(MORNING));
    }

    @Test
    void anotherSlotGivesOtherJobsWithOtherIds() {
        List<Job> now = stream().jobsAt(MORNING);
        List<Job> next = stream().jobsAt(MORNING.plus(HOUR));
        assertThat(next).isNotEqualTo(now);
        HashSet<String> ids = new HashSet<>();
        now.forEach(j -> ids.add(j.id()));
        next.forEach(j -> assertThat(ids.add(j.id())).isTrue());
    }

    @Test
    void officeHoursSubmitMoreThanNights() {
        int day = 0;
        int night = 0;
        for (int d = 0; d < 7; d++) {
            day += stream().jobsAt(MORNING.plus(Duration.ofDays(d))).size();
            night += stream().jobsAt(NIGHT.plus(Duration.ofDays(d))).size();
        }
        assertThat(day).isGreaterThan(3 * night);
    }

    @Test
    void everyStreamedJobFitsTheEstateAndTheLiveHorizon() {
        ScenarioDocument live = new ScenarioDocument(estate.format(), estate.name(), null, null, HORIZON,
                estate.carbonPricePerTonne(), estate.regions(), estate.sites(), estate.latency(), estate.tenants(),
                estate.nodes(), List.of());
        PlacementCheck check = new PlacementCheck(live);
        List<Job> jobs = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            jobs.addAll(stream().jobsAt(MORNING.plus(HOUR.multipliedBy(h))));
        }
        assertThat(jobs).hasSizeGreaterThan(200);
        assertThat(jobs).allSatisfy(j -> assertThat(check.whyNot(j)).as(j.toString()).isNull());
        assertThat(jobs).extracting(Job::tenant)
                .contains("transport", "health", "ai-lab", "twin", "ecology", "finance");
    }

    @Test
    void slotIndexCountsWholeSlotsFromTheEpoch() {
        assertThat(stream().slotIndex(Instant.ofEpochSecond(3 * 3600 + 59))).isEqualTo(3);
        assertThat(stream().slotIndex(Instant.ofEpochSecond(-1))).isEqualTo(-1);
    }

    @Test
    void poissonCountsAverageToTheirMean() {
        SplittableRandom random = new SplittableRandom(3);
        for (double mean : new double[] {0.5, 8.0, 200.0}) {
            long sum = 0;
            int draws = 2000;
            for (int i = 0; i < draws; i++) {
                sum += DemoJobStream.poisson(mean, random);
            }
            assertThat((double) sum / draws).as("mean %s", mean).isBetween(mean * 0.9, mean * 1.1);
        }
        assertThat(DemoJobStream.poisson(0.0, random)).isZero();
    }

    @Test
    void rejectsANonPositiveSlotLength() {
        assertThatThrownBy(() -> new DemoJobStream(estate, SEED, JOBS_PER_SLOT, HORIZON, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
