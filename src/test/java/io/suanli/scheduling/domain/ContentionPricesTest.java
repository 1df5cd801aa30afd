package io.suanli.scheduling.domain;

import static io.suanli.scheduling.TestEstate.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.scheduling.TestEstate;
import org.junit.jupiter.api.Test;

/**
 * Contention surcharges: node-hours that waiting jobs need get dearer in proportion to how much of
 * the node they would use there; hours and nodes nobody needs stay at true prices.
 */
class ContentionPricesTest {
    /**
     * "late" can only run on wa-1 (the one L40S node) in hours 8-11 and wants a quarter of its GPUs,
     * 2 of its 32 cores and 4 of its 128 GiB there. The probe is pinned, so its own demand is not
     * counted: it only reads the prices.
     */
    private static PlanningSnapshot estate() {
        return TestEstate.with(
                job("late").gpus(1, "L40S").cpu(2).memory(4).hours(4).window(8, 12).priority(1),
                job("probe").gpus(1, "L40S").cpu(2).memory(4).hours(2).pinned(0, "wa-1"));
    }

    @Test
    void aTaskPaysForTheShareOfTheNodeItTakesInTheHoursOthersNeed() {
        PlanningSnapshot truth = estate();
        PlanningSnapshot guided = truth.withContentionPrices(6);
        JobFact probe = guided.job("probe");
        NodeFact wa = guided.node("wa-1");

        // wa-1's full hourly price: 32 x 0.05 + 128 x 0.005 + 4 x 5.0 = 22.24. Contention in hours 8-11:
        // GPUs 1/4, cores 2/32, memory 4/128; the probe's shares are the same, so per hour
        // 1/4 x 1/4 + 2/32 x 2/32 + 4/128 x 4/128 = 0.0673828125; over 2 hours x 22.24 x weight 6:
        long expected = 17_983_125;
        assertThat(guided.contentionMicros(probe, wa, 8)).isEqualTo(expected);
        assertThat(guided.contentionMicros(probe, wa, 10)).isEqualTo(expected);
        assertThat(guided.contentionMicros(probe, wa, 7)).isBetween(expected / 2 - 1, expected / 2 + 1);
        assertThat(guided.contentionMicros(probe, wa, 4)).isZero();
        // the CPU node and the H100 nodes are no host of "late"
        assertThat(guided.contentionMicros(guided.job("late"), guided.node("ea-1"), 8)).isZero();
        assertThat(guided.taskTotalMicros(probe, wa, 8)).isEqualTo(truth.taskTotalMicros(probe, wa, 8) + expected);
    }

    @Test
    void aJobWeightCountsItsDemandThatManyTimes() {
        PlanningSnapshot truth = estate();
        double[] weights = {3, 1};
        PlanningSnapshot guided = truth.withContentionPrices(6, weights);
        assertThat(guided.contentionMicros(guided.job("probe"), guided.node("wa-1"), 8)).isEqualTo(3 * 17_983_125L);
        weights[0] = 0; // copied when made: a later change does not reach the prices
        assertThat(guided.contentionMicros(guided.job("probe"), guided.node("wa-1"), 8)).isEqualTo(3 * 17_983_125L);
    }

    @Test
    void theTruePricesStayWhereTheyWere() {
        PlanningSnapshot truth = estate();
        PlanningSnapshot guided = truth.withContentionPrices(6);
        assertThat(truth.hasContentionPrices()).isFalse();
        assertThat(guided.hasContentionPrices()).isTrue();
        assertThat(guided.truePrices()).isSameAs(truth);
        assertThat(truth.truePrices()).isSameAs(truth);
        assertThat(guided.withContentionPrices(2).truePrices()).isSameAs(truth);
        assertThat(guided.jobs()).isSameAs(truth.jobs());
        assertThat(truth.contentionMicros(truth.job("probe"), truth.node("wa-1"), 8)).isZero();
        assertThatThrownBy(() -> truth.withContentionPrices(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
