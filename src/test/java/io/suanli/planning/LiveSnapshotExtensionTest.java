package io.suanli.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.domain.PowerDraw;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.SiteTier;
import io.suanli.catalog.domain.Tenant;
import io.suanli.catalog.domain.UnitPrices;
import io.suanli.jobs.domain.JobState;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.LivePlan;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.planning.persistence.PlanStore;
import io.suanli.planning.service.LiveSnapshot;
import io.suanli.planning.service.LiveSnapshots;
import io.suanli.planning.service.LiveSolver;
import io.suanli.planning.service.PlanDiff;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How the live planner takes in new submissions between full snapshots: the last snapshot is
 * extended, the working plan carries over untouched, and only jobs without a plan are compared.
 */
class LiveSnapshotExtensionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final SlotFrame FRAME = SlotFrame.at(T0, 60, 6, 1);
    private static final EstateView ESTATE = new EstateView(
            List.of(new Region("east", "East", T0, List.of(500.0))),
            List.of(new Site("s1", "Site 1", "east", SiteTier.GENERAL, 1.2)), List.of(),
            List.of(node("n1"), node("n2")), List.of(new Tenant("t", "T", null, null)));

    private final Map<UUID, LiveJob> queue = new HashMap<>();

    @Test
    void newSubmissionsExtendTheSnapshotAndTheWorkingPlanCarriesOverAsItIs() {
        LiveJob a = job("t", JobState.QUEUED, 1), b = job("t", JobState.QUEUED, 1);
        LiveSnapshot base = LiveSnapshots.build(ESTATE, 100, FRAME, List.of(a, b));
        SchedulePlan working = LiveSnapshots.carryOver(base, null, null);
        place(working, a, 2, "n1");
        LiveJob c = job("t", JobState.QUEUED, 1), tooLong = job("t", JobState.QUEUED, 9);

        LiveSnapshot next = LiveSnapshots.extend(base, List.of(c, tooLong));
        SchedulePlan carried = LiveSnapshots.carryOverExtended(next, working);

        assertThat(next.extendsSnapshot(base)).isTrue();
        assertThat(next.snapshot().jobs()).hasSize(3);
        assertThat(next.snapshot().job(a.id().toString())).isSameAs(base.snapshot().job(a.id().toString()));
        assertThat(next.jobs()).containsKeys(a.id().toString(), b.id().toString(), c.id().toString());
        assertThat(next.leftOut()).containsEntry(tooLong.id(), LiveSnapshots.OUTSIDE_HORIZON);
        assertThat(carried.getAssignments().subList(0, 2)).containsExactlyElementsOf(working.getAssignments());
        assertThat(carried.getAssignments().get(2).getJob().id()).isEqualTo(c.id().toString());
        assertThat(carried.getAssignments().get(2).getPlacement()).isNull();
        // A later full build does not extend anything.
        assertThat(LiveSnapshots.build(ESTATE, 100, FRAME, List.of(a, b, c)).extendsSnapshot(next)).isFalse();
    }

    @Test
    void aJobAlreadyInTheSnapshotOrOfATenantItDoesNotKnowNeedsAFullBuild() {
        LiveJob a = job("t", JobState.QUEUED, 1);
        LiveSnapshot base = LiveSnapshots.build(ESTATE, 100, FRAME, List.of(a));

        assertThat(LiveSnapshots.extend(base, List.of(a))).isNull();
        assertThat(LiveSnapshots.extend(base, List.of(job("newcomer", JobState.QUEUED, 1)))).isNull();
    }

    @Test
    void firstPlansCompareOnlyTheJobsWithoutAPlanAndAgreeWithTheWholeDifference() {
        LiveJob planned = job("t", JobState.PLANNED, 1), placedNew = job("t", JobState.QUEUED, 1),
                unplacedNew = job("t", JobState.QUEUED, 1), tooLong = job("t", JobState.QUEUED, 9);
        LiveSnapshot live = LiveSnapshots.build(ESTATE, 100, FRAME, List.of(planned, placedNew, unplacedNew, tooLong));
        SchedulePlan plan = LiveSnapshots.carryOver(live, null, null);
        place(plan, planned, 3, "n2"); // moved: its stored plan says slot 1 on n1
        place(plan, placedNew, 2, "n1");
        LiveSolver.Best best = new LiveSolver.Best(plan, live, 1);

        PlanDiff first = PlanDiff.firstPlans(best, queue);
        PlanDiff whole = PlanDiff.of(best, queue);

        assertThat(first.plans()).extracting(PlanStore.PlanRow::job).containsExactly(placedNew.id());
        PlanStore.PlanRow row = first.plans().get(0);
        assertThat(row.startsAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(row.nodes()).containsExactly("n1");
        assertThat(row.carbonKg()).isPositive();
        assertThat(first.waiting()).extracting(PlanStore.Unplaced::job).containsExactlyInAnyOrder(unplacedNew.id(), tooLong.id());
        assertThat(first.unplanned()).isEmpty();
        assertThat(whole.plans()).extracting(PlanStore.PlanRow::job).containsExactlyInAnyOrder(planned.id(), placedNew.id());
        assertThat(whole.plans()).filteredOn(r -> r.job().equals(placedNew.id())).containsExactly(row);
        assertThat(whole.waiting()).containsExactlyInAnyOrderElementsOf(first.waiting());
    }

    private static void place(SchedulePlan plan, LiveJob job, int slot, String node) {
        PlanningSnapshot s = plan.getSnapshot();
        JobAssignment a = plan.getAssignments().get(s.job(job.id().toString()).index());
        a.setPlacement(Placement.of(s, a.getJob(), slot, List.of(s.node(node))));
    }

    private LiveJob job(String tenant, JobState state, int hours) {
        LivePlan plan = state == JobState.PLANNED ? new LivePlan("s1", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)),
                List.of("n1"), false) : null;
        LiveJob job = new LiveJob(UUID.randomUUID(), tenant, state, 0, 1, 2, 4.0, 0, null, hours, T0, null, 1, null, null,
                null, null, T0, "submitted", plan);
        queue.put(job.id(), job);
        return job;
    }

    private static Node node(String name) {
        return new Node(name, "s1", 8, 32.0, 0, null, new UnitPrices(new BigDecimal("0.10"), new BigDecimal("0.01"), BigDecimal.ZERO),
                new PowerDraw(10.0, 0.0), NodeState.UP);
    }
}
