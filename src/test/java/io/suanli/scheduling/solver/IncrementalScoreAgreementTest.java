package io.suanli.scheduling.solver;

import static io.suanli.scheduling.TestEstate.job;
import static io.suanli.scheduling.TestEstate.placed;
import static io.suanli.scheduling.TestEstate.unplaced;
import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scheduling.TestEstate;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.SolverConfig;

/**
 * The solver's moves keep every hard rule, so FULL_ASSERT compares the two score paths only on
 * feasible plans. This test compares them on a plan that breaks every rule, and after incremental
 * removals and additions.
 */
class IncrementalScoreAgreementTest {
    private static final SolutionManager<SchedulePlan, HardMediumSoftLongScore> STREAMS = SolutionManager.create(SolverFactory.create(
            new SolverConfig().withSolutionClass(SchedulePlan.class).withEntityClasses(JobAssignment.class)
                    .withScoreDirectorFactory(new ScoreDirectorFactoryConfig()
                            .withConstraintProviderClass(SchedulingConstraintProvider.class)
                            .withConstraintStreamImplType(ConstraintStreamImplType.BAVET))));

    private static HardMediumSoftLongScore incremental(SchedulePlan plan) {
        ScheduleState state = ScheduleState.of(plan);
        return HardMediumSoftLongScore.of(state.hardScore(), state.mediumScore(), state.softScore());
    }

    private static SchedulePlan brokenPlan() {
        PlanningSnapshot s = TestEstate.with(
                job("window").window(3, 8), job("cap-a").cpu(20).memory(100), job("cap-b").cpu(20).memory(100),
                job("model").gpus(1, "H100"), job("gang").tasks(2), job("far").latency("east-edge", 5),
                job("west").regions("west"), job("price").maxPrice(0.1), job("q1").tenant("gpu-team").gpus(3, "H100"),
                job("q2").tenant("gpu-team").gpus(3, "H100"), job("c1").tenant("cpu-team").cpu(12), job("c2").tenant("cpu-team").cpu(12),
                job("pin").pinned(0, "ee-1"), job("dropped").pinned(0, "ea-2"), job("waiting"), job("late").hours(4));
        List<JobAssignment> list = new ArrayList<>(List.of(
                placed(s, "window", 0, "ee-1"), placed(s, "cap-a", 4, "wa-1"), placed(s, "cap-b", 5, "wa-1"),
                placed(s, "model", 0, "wa-1"), placed(s, "gang", 0, "ea-1", "ee-1"), placed(s, "far", 0, "wa-1"),
                placed(s, "west", 0, "ea-1"), placed(s, "price", 0, "ea-2"), placed(s, "q1", 6, "ea-1"), placed(s, "q2", 7, "ea-2"),
                placed(s, "c1", 2, "ee-1"), placed(s, "c2", 3, "ea-1"), placed(s, "pin", 1, "ee-1"), unplaced(s, "dropped"),
                unplaced(s, "waiting"), placed(s, "late", 10, "ea-1")));
        return new SchedulePlan(s, list);
    }

    @Test
    void incrementalScoreEqualsConstraintStreamsOnAPlanThatBreaksEveryRule() {
        SchedulePlan plan = brokenPlan();
        HardMediumSoftLongScore streams = STREAMS.update(plan);
        assertThat(streams.hardScore()).isLessThan(-10);
        assertThat(incremental(plan)).isEqualTo(streams);
    }

    @Test
    void incrementalUpdatesMatchAFreshCalculation() {
        SchedulePlan plan = brokenPlan();
        ScheduleState state = ScheduleState.of(plan);
        PlanningSnapshot s = plan.getSnapshot();
        for (JobAssignment a : plan.getAssignments()) {
            // move every job (placed or not) to ea-1 at hour 1, one at a time, as the solver would
            state.remove(a);
            a.setPlacement(Placement.of(s, a.getJob(), 1, java.util.Collections.nCopies(a.getJob().tasks(), s.node("ea-1"))));
            state.add(a);
            HardMediumSoftLongScore now = HardMediumSoftLongScore.of(state.hardScore(), state.mediumScore(), state.softScore());
            assertThat(now).as("after moving " + a.getId()).isEqualTo(STREAMS.update(plan));
        }
        for (JobAssignment a : plan.getAssignments()) {
            state.remove(a);
            a.setPlacement(null);
            state.add(a);
        }
        assertThat(HardMediumSoftLongScore.of(state.hardScore(), state.mediumScore(), state.softScore())).isEqualTo(STREAMS.update(plan));
    }
}
