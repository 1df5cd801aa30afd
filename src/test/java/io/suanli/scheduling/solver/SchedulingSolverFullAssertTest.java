package io.suanli.scheduling.solver;

import static io.suanli.scheduling.TestEstate.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scheduling.HardRuleChecker;
import io.suanli.scheduling.PlanResults;
import io.suanli.scheduling.TestEstate;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import org.junit.jupiter.api.Test;

/**
 * A small solve in FULL_ASSERT mode: after every move OptaPlanner recomputes the score from
 * scratch with the constraint provider and fails on any difference from the incremental calculator,
 * and checks that every undo move restores the score.
 */
class SchedulingSolverFullAssertTest {

    static PlanningSnapshot contestedEstate() {
        return TestEstate.with(
                job("pinned").tasks(2).gpus(2, "H100").cpu(8).pinned(0, "ea-1", "ea-2"),
                job("gang").tasks(2).gpus(2, "H100").cpu(8).priority(40).hours(3),
                job("big-gpu").gpus(4, null).cpu(16).priority(30).hours(4),
                job("quota-1").tenant("gpu-team").gpus(2, null).priority(20).hours(3),
                job("quota-2").tenant("gpu-team").gpus(2, null).priority(15).hours(3),
                job("quota-3").tenant("gpu-team").gpus(2, null).priority(12).hours(3),
                job("edge").latency("east-edge", 5).cpu(12).priority(25).hours(4),
                job("edge-2").latency("east-edge", 5).cpu(12).priority(5).hours(4).window(0, 6),
                job("west-only").regions("west").cpu(20).priority(8).hours(6),
                job("capped").maxPrice(1.0).cpu(4).priority(9).hours(2),
                job("cpu-a").tenant("cpu-team").cpu(10).priority(6).hours(5),
                job("cpu-b").tenant("cpu-team").cpu(10).priority(7).hours(5),
                job("late").window(8, 12).cpu(30).priority(11).hours(4),
                job("filler").cpu(30).memory(120).priority(3).hours(8));
    }

    @Test
    void fullAssertSolveKeepsIncrementalScoreEqualToConstraintStreams() {
        PlanningSnapshot snapshot = contestedEstate();
        SchedulingEngine.Outcome outcome = SchedulingEngine.solve(snapshot, SolveSettings.ofSteps(7, 300).withFullAssert(), p -> {});
        SchedulePlan plan = outcome.plan();
        assertThat(plan.getScore().hardScore()).isZero();
        assertThat(HardRuleChecker.check(snapshot, PlanResults.toResult(plan, "test", 0))).isEmpty();
        assertThat(plan.getScore().mediumScore()).isGreaterThan(100);
    }

    @Test
    void theGuidedStageIsSearchedButThePlanIsReportedAtTruePrices() {
        PlanningSnapshot snapshot = contestedEstate();
        SchedulePlan plan = SchedulingEngine.solve(snapshot, SolveSettings.ofSteps(5, 400), p -> {}).plan();

        assertThat(plan.getSnapshot()).isSameAs(snapshot);
        long trueTotal = 0;
        for (var a : plan.getAssignments()) {
            if (a.getPlacement() == null) continue;
            assertThat(a.getPlacement().totalMicros())
                    .isEqualTo(Placement.of(snapshot, a.getJob(), a.getPlacement().startHour(), a.getPlacement().nodes()).totalMicros());
            trueTotal += a.getPlacement().totalMicros();
        }
        assertThat(plan.getScore().softScore()).isEqualTo(-trueTotal);
    }

    @Test
    void sameSeedAndStepsGiveTheSamePlan() {
        PlanningSnapshot snapshot = contestedEstate();
        var a = SchedulingEngine.solve(snapshot, SolveSettings.ofSteps(3, 500), p -> {}).plan();
        var b = SchedulingEngine.solve(snapshot, SolveSettings.ofSteps(3, 500), p -> {}).plan();
        assertThat(PlanResults.toResult(a, "x", 0)).isEqualTo(PlanResults.toResult(b, "x", 0));
    }
}
