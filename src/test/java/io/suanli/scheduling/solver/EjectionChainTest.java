package io.suanli.scheduling.solver;

import static io.suanli.scheduling.TestEstate.job;
import static io.suanli.scheduling.TestEstate.placed;
import static io.suanli.scheduling.TestEstate.unplaced;
import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scheduling.HardRuleChecker;
import io.suanli.scheduling.PlanResults;
import io.suanli.scheduling.TestEstate;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The deep ejection chain on the test estate (ea-1, ea-2: 4 H100 each; wa-1: 4 L40S; 12 hours).
 * "tight" needs all of ea-1 or ea-2 in hours 0-5; both are taken. On ea-1 a flexible job blocks
 * it, which can only move to hours 6-11 of ea-1, where a cheap job without a GPU model sits, which
 * can go to wa-1. A one-level ejection stops after the first step; the chain does all three.
 */
class EjectionChainTest {

    private static PlanningSnapshot estate() {
        return TestEstate.with(
                job("tight").gpus(4, "H100").hours(6).window(0, 6).priority(20),
                job("flexible").gpus(4, "H100").hours(6).window(0, 12).priority(10),
                job("cheap").gpus(4, null).hours(6).window(0, 12).priority(5),
                job("early-vip").gpus(4, "H100").hours(6).window(0, 6).priority(30),
                job("late-vip").gpus(4, "H100").hours(6).window(6, 12).priority(30));
    }

    private static SchedulePlan plan(PlanningSnapshot s) {
        return new SchedulePlan(s, new ArrayList<>(List.of(
                unplaced(s, "tight"),
                placed(s, "flexible", 0, "ea-1"),
                placed(s, "cheap", 6, "ea-1"),
                placed(s, "early-vip", 0, "ea-2"),
                placed(s, "late-vip", 6, "ea-2"))));
    }

    private static JobAssignment get(SchedulePlan plan, String id) {
        return plan.getAssignments().stream().filter(a -> a.getId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aCascadeOfEjectionsPlacesTheTightJobAndReplacesEveryBlocker() {
        SchedulePlan plan = plan(estate());
        ScheduleState state = ScheduleState.of(plan);
        assertThat(state.search().best(get(plan, "tight").getJob())).as("no free room for the tight job").isNull();

        new EjectionChain(state, Changes.onState(state), new Random(1), 8).run(List.of(get(plan, "tight")));

        assertThat(get(plan, "tight").getPlacement().startHour()).isZero();
        assertThat(get(plan, "tight").getPlacement().node(0).id()).isEqualTo("ea-1");
        assertThat(get(plan, "flexible").getPlacement().startHour()).isEqualTo(6);
        assertThat(get(plan, "flexible").getPlacement().node(0).id()).isEqualTo("ea-1");
        assertThat(get(plan, "cheap").getPlacement().node(0).id()).isEqualTo("wa-1");
        assertThat(get(plan, "early-vip").getPlacement().node(0).id()).isEqualTo("ea-2");
        assertThat(state.mediumScore()).isEqualTo(20 + 10 + 5 + 30 + 30);
        assertThat(state.hardScore()).isZero();
        assertThat(HardRuleChecker.check(plan.getSnapshot(), PlanResults.toResult(plan, "test", 0))).isEmpty();
    }

    @Test
    void theEjectionBoundStopsTheCascade() {
        SchedulePlan plan = plan(estate());
        ScheduleState state = ScheduleState.of(plan);

        new EjectionChain(state, Changes.onState(state), new Random(1), 1).run(List.of(get(plan, "tight")));

        // one ejection allowed: the tight job takes ea-1 and the flexible job, needing a second one, stays out
        assertThat(get(plan, "tight").isPlaced()).isTrue();
        assertThat(get(plan, "flexible").isPlaced()).isFalse();
        assertThat(state.mediumScore()).isEqualTo(20 + 5 + 30 + 30);
        assertThat(state.hardScore()).isZero();
    }

    @Test
    void aJobTheCallerMarkedAsFixedIsNeverEjected() {
        SchedulePlan plan = plan(estate());
        ScheduleState state = ScheduleState.of(plan);

        // as in eject-and-place: the caller has just placed "flexible" and re-inserts through the chain
        new EjectionChain(state, Changes.onState(state), new Random(1), 8)
                .run(List.of(get(plan, "tight")), List.of(get(plan, "flexible")));

        assertThat(get(plan, "tight").isPlaced()).isFalse();
        assertThat(get(plan, "flexible").getPlacement().startHour()).isZero();
        assertThat(get(plan, "flexible").getPlacement().node(0).id()).isEqualTo("ea-1");
        assertThat(state.mediumScore()).isEqualTo(10 + 5 + 30 + 30);
    }

    @Test
    void neverEjectsAJobOfHigherPriorityThatIsNoMoreFlexible() {
        PlanningSnapshot s = TestEstate.with(
                job("tight").gpus(4, "H100").hours(6).window(0, 6).priority(20),
                job("vip-1").gpus(4, "H100").hours(6).window(0, 6).priority(30),
                job("vip-2").gpus(4, "H100").hours(6).window(0, 6).priority(30));
        SchedulePlan plan = new SchedulePlan(s, new ArrayList<>(List.of(
                unplaced(s, "tight"), placed(s, "vip-1", 0, "ea-1"), placed(s, "vip-2", 0, "ea-2"))));
        ScheduleState state = ScheduleState.of(plan);

        new EjectionChain(state, Changes.onState(state), new Random(1), 8).run(List.of(get(plan, "tight")));

        assertThat(get(plan, "tight").isPlaced()).isFalse();
        assertThat(get(plan, "vip-1").getPlacement().node(0).id()).isEqualTo("ea-1");
        assertThat(get(plan, "vip-2").getPlacement().node(0).id()).isEqualTo("ea-2");
        assertThat(state.mediumScore()).isEqualTo(60);
    }

    @Test
    void shortHoursMarksTheHoursWithoutRoomAsIfTheLeavingJobsHadGone() {
        SchedulePlan plan = plan(estate());
        ScheduleState state = ScheduleState.of(plan);
        PlanningSnapshot s = plan.getSnapshot();
        var tight = s.job("tight");
        // tight (6 h from hour 3) on ea-1: flexible runs 0-5, cheap 6-11, both fill the node
        assertThat(state.shortHours(tight, s.node("ea-1"), 3, new int[0], 0)).isEqualTo(0b111111L);
        assertThat(state.shortHours(tight, s.node("ea-1"), 3, new int[] {s.job("flexible").index()}, 1)).isEqualTo(0b111000L);
        assertThat(state.shortHours(tight, s.node("ea-1"), 3,
                new int[] {s.job("flexible").index(), s.job("cheap").index()}, 2)).isZero();
        assertThat(state.shortHours(tight, s.node("wa-1"), 0, new int[0], 0)).isZero();
    }
}
