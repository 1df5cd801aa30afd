package io.suanli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.dispatch.domain.SimulatedRun;
import io.suanli.dispatch.domain.SimulatedRun.Outcome;
import io.suanli.dispatch.domain.TaskPhase;
import io.suanli.dispatch.domain.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatedRunTest {

    private static final Duration WALL = Duration.ofHours(2);
    private static final Instant LAUNCHED = Instant.parse("2026-12-01T08:00:00Z");
    private static final SimulatedRun.Settings SETTINGS =
            new SimulatedRun.Settings(42, 0.10, 0.05, Duration.ofSeconds(10), 0.4, 0.95);

    @Test
    void sameJobAndAttemptAlwaysRunTheSameWayAndARetryDrawsAnew() {
        String job = UUID.randomUUID().toString();
        assertThat(SimulatedRun.draw(SETTINGS, job, 0, 4, WALL)).isEqualTo(SimulatedRun.draw(SETTINGS, job, 0, 4, WALL));
        long differentRetries = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID().toString())
                .filter(j -> !SimulatedRun.draw(SETTINGS, j, 0, 4, WALL).equals(SimulatedRun.draw(SETTINGS, j, 1, 4, WALL)))
                .count();
        assertThat(differentRetries).isEqualTo(200);
    }

    @Test
    void outcomesFollowTheConfiguredRates() {
        Map<Outcome, Long> counts = IntStream.range(0, 20_000)
                .mapToObj(i -> SimulatedRun.draw(SETTINGS, "job-" + i, 0, 2, WALL).outcome())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.get(Outcome.FAILS)).isBetween(1_800L, 2_200L);
        assertThat(counts.get(Outcome.STRAGGLES)).isBetween(850L, 1_150L);
    }

    @Test
    void normalRunEndsWithinItsWallTimeAndStragglerPassesIt() {
        for (int i = 0; i < 1_000; i++) {
            SimulatedRun run = SimulatedRun.draw(SETTINGS, "job-" + i, 0, 2, WALL);
            if (run.outcome() == Outcome.STRAGGLES) {
                assertThat(run.runTime()).isGreaterThan(WALL);
            } else {
                assertThat(run.runTime()).isBetween(Duration.ofMinutes(48), Duration.ofMinutes(114));
            }
        }
    }

    @Test
    void tasksArePendingThenRunningThenDoneOnTheClock() {
        SimulatedRun run = new SimulatedRun(Outcome.SUCCEEDS, Duration.ofSeconds(10), Duration.ofHours(1), -1);
        assertThat(phases(run, LAUNCHED.plusSeconds(9))).containsOnly(TaskPhase.PENDING);
        assertThat(phases(run, LAUNCHED.plusSeconds(10))).containsOnly(TaskPhase.RUNNING);
        List<TaskStatus> done = run.statusAt(LAUNCHED, LAUNCHED.plusSeconds(10 + 3600), 2, WALL);
        assertThat(done).containsExactly(
                new TaskStatus(0, TaskPhase.SUCCEEDED, null, LAUNCHED.plusSeconds(10), LAUNCHED.plusSeconds(3610)),
                new TaskStatus(1, TaskPhase.SUCCEEDED, null, LAUNCHED.plusSeconds(10), LAUNCHED.plusSeconds(3610)));
    }

    @Test
    void failingRunFailsOneTaskAndStragglerHitsItsWallTime() {
        SimulatedRun failing = new SimulatedRun(Outcome.FAILS, Duration.ofSeconds(10), Duration.ofMinutes(30), 1);
        assertThat(phases(failing, LAUNCHED.plus(Duration.ofHours(1)))).containsExactly(TaskPhase.RUNNING, TaskPhase.FAILED);
        SimulatedRun straggler = new SimulatedRun(Outcome.STRAGGLES, Duration.ofSeconds(10), Duration.ofHours(3), -1);
        assertThat(phases(straggler, LAUNCHED.plusSeconds(10).plus(WALL).minusMillis(1))).containsOnly(TaskPhase.RUNNING);
        assertThat(phases(straggler, LAUNCHED.plusSeconds(10).plus(WALL))).containsOnly(TaskPhase.WALLTIME);
    }

    private static List<TaskPhase> phases(SimulatedRun run, Instant now) {
        return run.statusAt(LAUNCHED, now, 2, WALL).stream().map(TaskStatus::phase).toList();
    }
}
