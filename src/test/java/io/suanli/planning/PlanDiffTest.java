package io.suanli.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.jobs.domain.JobState;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.LivePlan;
import io.suanli.planning.persistence.PlanStore;
import io.suanli.planning.service.PlanDiff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the live planner limits the moved plans it writes in one cycle. */
class PlanDiffTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final Map<UUID, LiveJob> queue = new HashMap<>();

    @Test
    void firstPlansLostPlansAndReasonsAreSeparatedFromMovesWhichAreCapped() {
        List<UUID> moved = plannedJobs(5);
        List<PlanStore.PlanRow> rows = rows(moved);
        LiveJob firstPlan = job(JobState.QUEUED);
        rows.add(2, row(firstPlan));
        PlanStore.Unplaced lost = new PlanStore.Unplaced(job(JobState.PLANNED).id(), PlanDiff.PLAN_LOST);
        PlanStore.Unplaced waiting = new PlanStore.Unplaced(job(JobState.QUEUED).id(), PlanDiff.NO_PLACE);
        PlanDiff diff = new PlanDiff(rows, List.of(lost), List.of(waiting));

        PlanDiff first = diff.withoutMoves(queue);
        PlanDiff moves = diff.moves(2, queue);

        assertThat(first.plans()).extracting(PlanStore.PlanRow::job).containsExactly(firstPlan.id());
        assertThat(first.unplanned()).containsExactly(lost);
        assertThat(first.waiting()).containsExactly(waiting);
        assertThat(moves.plans()).extracting(PlanStore.PlanRow::job).containsExactly(moved.get(0), moved.get(1));
        assertThat(moves.unplanned()).isEmpty();
        assertThat(moves.waiting()).isEmpty();
        assertThat(diff.moves(10, queue).plans()).extracting(PlanStore.PlanRow::job).containsExactlyElementsOf(moved);
    }

    @Test
    void urgentMovesAreAllTakenAndTheOthersCapped() {
        List<UUID> moved = plannedJobs(6);
        List<PlanStore.PlanRow> rows = rows(moved);
        LiveJob firstPlan = job(JobState.QUEUED);
        rows.add(row(firstPlan));
        PlanDiff diff = new PlanDiff(rows, List.of(), List.of());
        Set<UUID> urgent = Set.of(moved.get(3), moved.get(5));

        PlanDiff moves = diff.moves(r -> urgent.contains(r.job()), 1, queue);

        assertThat(moves.plans()).extracting(PlanStore.PlanRow::job).containsExactly(moved.get(3), moved.get(5), moved.get(0));
        assertThat(diff.moves(r -> urgent.contains(r.job()), 0, queue).plans()).extracting(PlanStore.PlanRow::job)
                .containsExactly(moved.get(3), moved.get(5));
    }

    @Test
    void jobsOfABatchInFlightAreLeftOutOfEveryPart() {
        LiveJob planned = job(JobState.PLANNED), queued = job(JobState.QUEUED), other = job(JobState.QUEUED);
        PlanStore.Unplaced lost = new PlanStore.Unplaced(planned.id(), PlanDiff.PLAN_LOST);
        PlanStore.Unplaced waiting = new PlanStore.Unplaced(queued.id(), PlanDiff.NO_PLACE);
        PlanDiff diff = new PlanDiff(List.of(row(other), row(queued)), List.of(lost), List.of(waiting));

        PlanDiff left = diff.without(Set.of(planned.id(), queued.id()));

        assertThat(left.plans()).extracting(PlanStore.PlanRow::job).containsExactly(other.id());
        assertThat(left.unplanned()).isEmpty();
        assertThat(left.waiting()).isEmpty();
    }

    /** {@code n} PLANNED jobs in the queue, their ids in order. */
    private List<UUID> plannedJobs(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(job(JobState.PLANNED).id());
        return ids;
    }

    /** A new plan for each of these jobs, in order. */
    private List<PlanStore.PlanRow> rows(List<UUID> jobs) {
        List<PlanStore.PlanRow> out = new ArrayList<>();
        for (UUID id : jobs) out.add(row(queue.get(id)));
        return out;
    }

    private LiveJob job(JobState state) {
        LivePlan plan = state == JobState.PLANNED ? new LivePlan("s", T0, T0.plusSeconds(3600), List.of("n1"), false) : null;
        LiveJob job = new LiveJob(UUID.randomUUID(), "t", state, 0, 1, 1, 1.0, 0, null, 1, T0, null, 1, null, null,
                List.of(), null, T0, null, plan);
        queue.put(job.id(), job);
        return job;
    }

    private static PlanStore.PlanRow row(LiveJob job) {
        return new PlanStore.PlanRow(job.id(), "s", T0.plusSeconds(3600), T0.plusSeconds(7200), 0.0, List.of("n2"));
    }
}
