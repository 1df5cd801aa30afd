package io.suanli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.suanli.common.time.ExchangeClock;
import io.suanli.common.leader.LeadershipChanged;
import io.suanli.dispatch.service.DispatchLoop;
import io.suanli.dispatch.service.DispatchStore;
import io.suanli.dispatch.service.Dispatcher;
import jakarta.enterprise.event.Event;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobState;
import io.suanli.support.Jobs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simulated sites driven by the settable clock: the whole dispatch pipeline with no cluster. Start
 * delay 10 s, runs between 40% and 95% of the wall time (test profile defaults).
 */
@QuarkusTest
class SimulatedDispatchTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @Inject
    ExchangeClock clock;
    @Inject
    Dispatcher dispatcher;
    @Inject
    PlacedJobs placed;
    @Inject
    TaskRunRecorder runs;
    @Inject
    DispatchLoop loop;
    @Inject
    DispatchStore store;
    @Inject
    Event<LeadershipChanged> leadership;

    /** Time stands still unless a test moves it, so instants can be asserted exactly. */
    @BeforeEach
    void stopTheClock() {
        clock.setSpeed(1e-9);
        clock.set(T0);
        placed.launchLeftovers();
    }

    @AfterEach
    void restartTheClock() {
        clock.setSpeed(1.0);
    }

    @Test
    void placedJobIsDispatchedThenRunsThenSucceedsOnTheClock() {
        clock.set(T0);
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        List<String> nodes = List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2");
        placed.place(id, e.gpuSite(), nodes, T0.plus(Duration.ofMinutes(30)));

        dispatcher.runOnce();
        assertThat(placed.job(id).state()).as("not due before its planned start").isEqualTo(JobState.PLACED);

        clock.set(T0.plus(Duration.ofMinutes(30)));
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).isEqualTo(JobState.DISPATCHED);
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).as("tasks start 10 s after dispatch").isEqualTo(JobState.DISPATCHED);

        clock.advance(Duration.ofSeconds(10));
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).isEqualTo(JobState.RUNNING);

        clock.advance(Duration.ofHours(3));
        dispatcher.runOnce();
        Job done = placed.job(id);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(placed.history(id)).containsExactly(
                "QUEUED: submitted", "PLANNED: test plan", "PLACED: test commit",
                "DISPATCHED: 2 task(s) sent to site " + e.gpuSite(),
                "RUNNING: all 2 task(s) running",
                "SUCCEEDED: all 2 task(s) succeeded");

        Instant started = T0.plus(Duration.ofMinutes(30)).plusSeconds(10);
        List<TaskRunEnded> ended = runs.forJob(id);
        assertThat(ended).extracting(TaskRunEnded::task, TaskRunEnded::node, TaskRunEnded::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, nodes.get(0), TaskRunEnded.Outcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple(1, nodes.get(1), TaskRunEnded.Outcome.SUCCEEDED));
        assertThat(ended).allSatisfy(r -> {
            assertThat(r.startedAt()).isEqualTo(started);
            assertThat(r.attempt()).isZero();
            // a normal run takes 40% to 95% of the 3-hour wall time
            assertThat(Duration.between(r.startedAt(), r.endedAt()))
                    .isBetween(Duration.ofMinutes(72), Duration.ofMinutes(171));
        });

        dispatcher.runOnce();
        assertThat(runs.forJob(id)).as("each task's end is reported once").hasSize(2);
    }

    @Test
    void failingTaskFailsTheGangAndTheJobIsRequeuedWhileRetriesRemain() {
        clock.set(T0);
        List<String> nodes = PlacedJobs.ensureSite(PlacedJobs.FLAKY_SITE);
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> body.put("maxRetries", 1));
        placed.place(id, PlacedJobs.FLAKY_SITE, nodes, T0);

        dispatcher.runOnce();
        clock.advance(Duration.ofSeconds(10));
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).isEqualTo(JobState.RUNNING);

        clock.advance(Duration.ofHours(3));
        dispatcher.runOnce();
        Job requeued = placed.job(id);
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.attempt()).isEqualTo(1);
        List<String> history = placed.history(id);
        assertThat(history.get(history.size() - 2)).matches("FAILED: task [01] failed: Error: exit code 1 \\(simulated\\)");
        assertThat(history.get(history.size() - 1)).startsWith("QUEUED: retry 1 of 1 after: task ");
        List<TaskRunEnded> ended = runs.forJob(id);
        assertThat(ended).extracting(TaskRunEnded::outcome)
                .containsExactlyInAnyOrder(TaskRunEnded.Outcome.FAILED, TaskRunEnded.Outcome.STOPPED);

        // The retry is planned again (by the live scheduler) and fails again: no retries left now.
        placed.place(id, PlacedJobs.FLAKY_SITE, nodes, clock.instant());
        dispatcher.runOnce();
        clock.advance(Duration.ofHours(4));
        dispatcher.runOnce();
        Job spent = placed.job(id);
        assertThat(spent.state()).isEqualTo(JobState.FAILED);
        assertThat(spent.attempt()).isEqualTo(1);
        assertThat(runs.forJob(id)).filteredOn(r -> r.attempt() == 1).hasSize(2);
    }

    @Test
    void jobRunningPastItsWallTimeIsFailedWithReasonWalltime() {
        clock.set(T0);
        List<String> nodes = PlacedJobs.ensureSite(PlacedJobs.SLOW_SITE);
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> body.put("durationHours", 2));
        placed.place(id, PlacedJobs.SLOW_SITE, nodes, T0);

        dispatcher.runOnce();
        clock.advance(Duration.ofSeconds(10));
        dispatcher.runOnce();
        clock.advance(Duration.ofHours(2).minusSeconds(1));
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).as("still within its wall time").isEqualTo(JobState.RUNNING);

        clock.advance(Duration.ofSeconds(1));
        dispatcher.runOnce();
        Job stopped = placed.job(id);
        assertThat(stopped.state()).isEqualTo(JobState.FAILED);
        assertThat(stopped.reason()).isEqualTo("WALLTIME");
        Instant started = T0.plusSeconds(10);
        assertThat(runs.forJob(id)).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(TaskRunEnded.Outcome.WALLTIME);
            assertThat(r.startedAt()).isEqualTo(started);
            assertThat(r.endedAt()).isEqualTo(started.plus(Duration.ofHours(2)));
        }).hasSize(2);
    }

    @Test
    void cancelledRunningJobIsCleanedUpAndItsTasksEndStopped() {
        clock.set(T0);
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, e.gpuSite(), List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2"), T0);
        dispatcher.runOnce();
        clock.advance(Duration.ofSeconds(10));
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).isEqualTo(JobState.RUNNING);

        clock.advance(Duration.ofMinutes(20));
        placed.transition(id, JobState.CANCELLED, "cancelled by request");
        Dispatcher.Pass pass = dispatcher.runOnce();
        assertThat(pass.cleanedUp()).isGreaterThanOrEqualTo(1);
        assertThat(runs.forJob(id)).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(TaskRunEnded.Outcome.STOPPED);
            assertThat(Duration.between(r.startedAt(), r.endedAt())).isEqualTo(Duration.ofMinutes(20));
        });
        dispatcher.runOnce();
        assertThat(runs.forJob(id)).hasSize(2);
        assertThat(placed.job(id).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void jobCancelledBeforeItsTasksStartedReportsNoRuns() {
        clock.set(T0);
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, e.gpuSite(), List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2"), T0);
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).isEqualTo(JobState.DISPATCHED);
        placed.transition(id, JobState.CANCELLED, "cancelled by request");
        dispatcher.runOnce();
        assertThat(runs.forJob(id)).isEmpty();
    }

    @Test
    void jobsWaitingOutALaunchBackoffAreLeftOutOfTheBatch() {
        clock.set(T0);
        Jobs.Estate e = Jobs.estate();
        List<String> nodes = List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2");
        String blocked = PlacedJobs.submit(e, body -> {});
        String next = PlacedJobs.submit(e, body -> {});
        // Due long before anything another test may have left placed, so they head the queue.
        Instant longAgo = T0.minus(Duration.ofDays(3650));
        placed.place(blocked, e.gpuSite(), nodes, longAgo);
        placed.place(next, e.gpuSite(), nodes, longAgo.plusSeconds(1));

        List<DispatchStore.DueJob> batchOfOne = store.due(T0, 1, List.of(blocked)).await().atMost(Duration.ofSeconds(10));

        assertThat(batchOfOne).extracting(DispatchStore.DueJob::jobId).containsExactly(next);
        assertThat(store.due(T0, 1, List.of()).await().atMost(Duration.ofSeconds(10)))
                .extracting(DispatchStore.DueJob::jobId).containsExactly(blocked);
    }

    @Test
    void loopRunsOnlyWhileThisInstanceLeads() {
        clock.set(T0);
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, e.gpuSite(), List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2"), T0);
        assertThat(loop.isRunning()).isFalse();

        leadership.fire(new LeadershipChanged(true, "test"));
        try {
            assertThat(loop.isRunning()).isTrue();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (placed.job(id).state() != JobState.DISPATCHED && System.nanoTime() < until) {
                PlacedJobs.sleep(50);
            }
            assertThat(placed.job(id).state()).as("dispatched by the loop itself").isEqualTo(JobState.DISPATCHED);
        } finally {
            leadership.fire(new LeadershipChanged(false, "test"));
        }
        assertThat(loop.isRunning()).isFalse();
    }
}
