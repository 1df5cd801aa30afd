package io.suanli.scheduling.explain;

import static io.suanli.scheduling.TestEstate.job;
import static io.suanli.scheduling.TestEstate.placed;
import static io.suanli.scheduling.TestEstate.unplaced;
import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scheduling.TestEstate;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementExplainerTest {

    @Test
    void explainsPlacedJobWithFiguresAndRulesOfOtherSites() {
        PlanningSnapshot s = TestEstate.with(job("j").latency("east-edge", 5));
        SchedulePlan plan = new SchedulePlan(s, List.of(placed(s, "j", 0, "ee-1")));

        JobExplanation e = new PlacementExplainer(plan).explain("j", 5);

        assertThat(e.placed()).isTrue();
        assertThat(e.where().site()).isEqualTo("east-edge");
        assertThat(e.where().endHour()).isEqualTo(2);
        assertThat(e.figures().hourlyPrice()).isEqualTo(0.24);
        assertThat(e.figures().cost()).isEqualTo(0.48);
        assertThat(e.figures().energyKWh()).isEqualTo(0.03);
        assertThat(e.figures().carbonKg()).isEqualTo(0.015);
        assertThat(e.figures().carbonCost()).isEqualTo(0.003);
        assertThat(e.alternatives()).extracting(JobExplanation.Alternative::site, JobExplanation.Alternative::ruledOutBy)
                .contains(org.assertj.core.groups.Tuple.tuple("west-ai", "latency 30 ms > 5 ms from east-edge"));
        JobExplanation.Alternative eastAi = e.alternatives().stream().filter(a -> a.site().equals("east-ai")).findFirst().orElseThrow();
        assertThat(eastAi.feasible()).isTrue();
        // same prices, PUE 1.2 instead of 1.5: 3 g less carbon per kWh-hour -> 0.003 kg less
        assertThat(eastAi.extraTotal()).isEqualTo(-0.0006);
        assertThat(eastAi.extraCarbonKg()).isEqualTo(-0.003);
    }

    @Test
    void explainsUnplacedJobWithQuotaCapacityAndResidencyRules() {
        PlanningSnapshot s = TestEstate.with(
                job("holder").tenant("gpu-team").gpus(4, "H100").hours(12),
                job("wanting").tenant("gpu-team").gpus(1, null).window(2, 7),
                job("west-gpu").gpus(4, "L40S").hours(12),
                job("resident").regions("west").gpus(1, "L40S"));
        SchedulePlan plan = new SchedulePlan(s, List.of(placed(s, "holder", 0, "ea-1"), unplaced(s, "wanting"),
                placed(s, "west-gpu", 0, "wa-1"), unplaced(s, "resident")));
        PlacementExplainer explainer = new PlacementExplainer(plan);

        assertThat(explainer.explain("wanting", 5).unplacedReasons())
                .contains("east-ai: over tenant GPU quota in hours 2-6");
        assertThat(explainer.explain("resident", 5).unplacedReasons())
                .contains("east-ai: region east not allowed", "west-ai: no L40S (1 x 1) free in hours 0-11");
    }
}
