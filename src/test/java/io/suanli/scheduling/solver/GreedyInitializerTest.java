package io.suanli.scheduling.solver;

import static io.suanli.scheduling.TestEstate.job;
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
import org.junit.jupiter.api.Test;

/**
 * The construction order on the test estate (ea-1, ea-2: 4 H100 each at east-ai; wa-1: 4 L40S at
 * west-ai, the cheapest GPUs; 12 hours). "anywhere" (listed first, same priority and demand) can
 * use all three GPU nodes; "west-only" only wa-1. In list (or demand) order "anywhere" takes the
 * cheap wa-1 and "west-only" finds no room; least flexible first places both.
 */
class GreedyInitializerTest {

    private static PlanningSnapshot estate() {
        return TestEstate.with(
                job("anywhere").gpus(4, null).hours(12).window(0, 12).priority(10),
                job("west-only").gpus(4, null).hours(12).window(0, 12).priority(10).regions("west"),
                job("urgent").cpu(4).hours(2).window(0, 2).priority(50),
                job("flexible-cpu").cpu(4).hours(2).priority(50).window(0, 12));
    }

    private static SchedulePlan unplacedPlan(PlanningSnapshot s) {
        List<JobAssignment> list = new ArrayList<>();
        for (var j : s.jobs()) list.add(unplaced(s, j.id()));
        return new SchedulePlan(s, list);
    }

    @Test
    void leastFlexibleFirstWithinAPriority() {
        PlanningSnapshot s = estate();
        ScheduleState state = ScheduleState.of(unplacedPlan(s));
        assertThat(state.flexibility(s.job("anywhere"))).isEqualTo(3.0); // 1 start x 3 host nodes
        assertThat(state.flexibility(s.job("west-only"))).isEqualTo(1.0);
        List<String> order = new ArrayList<>(s.jobs()).stream()
                .sorted(GreedyInitializer.constructionOrder(state)).map(j -> j.id()).toList();
        // priority first, whatever the flexibility; then the job with fewer possible placements
        assertThat(order).containsExactly("urgent", "flexible-cpu", "west-only", "anywhere");
    }

    @Test
    void theConstructionPlacesTheBoundJobBeforeTheFlexibleOneTakesItsOnlyNode() {
        PlanningSnapshot s = estate();
        SchedulePlan plan = unplacedPlan(s);
        ScheduleState state = ScheduleState.of(plan);
        assertThat(state.search().best(s.job("anywhere")).node(0).id()).as("the flexible job's cheapest node").isEqualTo("wa-1");

        GreedyInitializer.placeAll(state, plan.getAssignments(), false, (a, p) -> {
            state.remove(a);
            a.setPlacement(p);
            state.add(a);
        });

        assertThat(plan.getAssignments()).allMatch(JobAssignment::isPlaced);
        assertThat(place(plan, "west-only")).isEqualTo("wa-1");
        assertThat(place(plan, "anywhere")).startsWith("ea-");
        assertThat(state.hardScore()).isZero();
        assertThat(HardRuleChecker.check(s, PlanResults.toResult(plan, "test", 0))).isEmpty();
    }

    private static String place(SchedulePlan plan, String id) {
        return plan.getAssignments().stream().filter(a -> a.getId().equals(id)).findFirst().orElseThrow()
                .getPlacement().node(0).id();
    }
}
