package io.suanli.scheduling.solver;

import static io.suanli.scheduling.TestEstate.job;
import static io.suanli.scheduling.TestEstate.placed;
import static io.suanli.scheduling.TestEstate.unplaced;
import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scheduling.TestEstate;
import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.test.api.score.stream.ConstraintVerifier;

/** One penalised and one unpenalised case per constraint, with exact amounts. */
class SchedulingConstraintProviderTest {
    private final ConstraintVerifier<SchedulingConstraintProvider, SchedulePlan> verifier =
            ConstraintVerifier.build(new SchedulingConstraintProvider(), SchedulePlan.class, JobAssignment.class)
                    .withConstraintStreamImplType(ConstraintStreamImplType.BAVET);

    // ------------------------------------------------------------------ start window and deadline

    @Test
    void startWindow_penalizesHoursBeforeEarliestStartAndAfterDeadline() {
        PlanningSnapshot s = TestEstate.with(job("early").window(2, 6), job("late").window(2, 6));
        verifier.verifyThat(SchedulingConstraintProvider::startWindow)
                .given(placed(s, "early", 0, "ee-1"), placed(s, "late", 5, "ee-1"))
                .penalizesBy(2 + 1);
    }

    @Test
    void startWindow_doesNotPenalizeRunInsideWindow() {
        PlanningSnapshot s = TestEstate.with(job("j").window(2, 6));
        verifier.verifyThat(SchedulingConstraintProvider::startWindow).given(placed(s, "j", 4, "ee-1")).penalizesBy(0);
    }

    // ------------------------------------------------------------------ capacity

    @Test
    void nodeCapacity_penalizesCoresOverCapacityPerHour() {
        PlanningSnapshot s = TestEstate.with(job("a").cpu(20), job("b").cpu(20));
        verifier.verifyThat(SchedulingConstraintProvider::nodeCapacity)
                .given(placed(s, "a", 0, "ea-1"), placed(s, "b", 0, "ea-1"))
                .penalizesBy(8 * 2);
    }

    @Test
    void nodeCapacity_penalizesMemoryInWholeGiBAndTasksSharingANode() {
        PlanningSnapshot s = TestEstate.with(job("a").cpu(1).memory(50.25).tasks(2), job("b").cpu(1).memory(100.5).hours(1));
        // hour 0: 50.25 * 2 + 100.5 = 201 GiB on a 128 GiB node -> 73 GiB over; hour 1: 100.5, fits
        verifier.verifyThat(SchedulingConstraintProvider::nodeCapacity)
                .given(placed(s, "a", 0, "ea-1", "ea-1"), placed(s, "b", 0, "ea-1"))
                .penalizesBy(73);
    }

    @Test
    void nodeCapacity_doesNotPenalizeJobsInDifferentHours() {
        PlanningSnapshot s = TestEstate.with(job("a").cpu(20), job("b").cpu(20));
        verifier.verifyThat(SchedulingConstraintProvider::nodeCapacity)
                .given(placed(s, "a", 0, "ea-1"), placed(s, "b", 2, "ea-1"))
                .penalizesBy(0);
    }

    // ------------------------------------------------------------------ GPU model

    @Test
    void gpuModel_penalizesTaskOnOtherModel() {
        PlanningSnapshot s = TestEstate.with(job("j").gpus(1, "H100"));
        verifier.verifyThat(SchedulingConstraintProvider::gpuModel).given(placed(s, "j", 0, "wa-1")).penalizesBy(1);
    }

    @Test
    void gpuModel_doesNotPenalizeRightModelOrAnyModel() {
        PlanningSnapshot s = TestEstate.with(job("h").gpus(1, "H100"), job("any").gpus(1, null));
        verifier.verifyThat(SchedulingConstraintProvider::gpuModel)
                .given(placed(s, "h", 0, "ea-1"), placed(s, "any", 0, "wa-1"))
                .penalizesBy(0);
    }

    // ------------------------------------------------------------------ gang

    @Test
    void gang_penalizesSecondSiteAndMissingTask() {
        PlanningSnapshot s = TestEstate.with(job("split").tasks(2), job("short").tasks(2));
        verifier.verifyThat(SchedulingConstraintProvider::gang)
                .given(placed(s, "split", 0, "ea-1", "ee-1"), placed(s, "short", 0, "ea-1"))
                .penalizesBy(1 + 1);
    }

    @Test
    void gang_doesNotPenalizeWholeGangOnOneSite() {
        PlanningSnapshot s = TestEstate.with(job("g").tasks(3));
        verifier.verifyThat(SchedulingConstraintProvider::gang).given(placed(s, "g", 0, "ea-1", "ea-2", "ea-2")).penalizesBy(0);
    }

    // ------------------------------------------------------------------ latency

    @Test
    void latency_penalizesTasksTooFarOrUnreachable() {
        PlanningSnapshot s = TestEstate.with(job("far").latency("east-edge", 20), job("cut").latency("east-ai", 100));
        verifier.verifyThat(SchedulingConstraintProvider::latency)
                .given(placed(s, "far", 0, "wa-1"), placed(s, "cut", 0, "wa-1"))
                .penalizesBy(2);
    }

    @Test
    void latency_doesNotPenalizeNearbyOrSameSite() {
        PlanningSnapshot s = TestEstate.with(job("near").latency("east-edge", 2), job("same").latency("east-ai", 0));
        verifier.verifyThat(SchedulingConstraintProvider::latency)
                .given(placed(s, "near", 0, "ea-1"), placed(s, "same", 0, "ea-2"))
                .penalizesBy(0);
    }

    // ------------------------------------------------------------------ residency

    @Test
    void residency_penalizesEveryTaskOutsideAllowedRegions() {
        PlanningSnapshot s = TestEstate.with(job("j").tasks(2).regions("west"));
        verifier.verifyThat(SchedulingConstraintProvider::residency).given(placed(s, "j", 0, "ea-1", "ea-2")).penalizesBy(2);
    }

    @Test
    void residency_doesNotPenalizeAllowedRegion() {
        PlanningSnapshot s = TestEstate.with(job("j").regions("west", "east"));
        verifier.verifyThat(SchedulingConstraintProvider::residency).given(placed(s, "j", 0, "wa-1")).penalizesBy(0);
    }

    // ------------------------------------------------------------------ price cap

    @Test
    void priceCap_penalizesHourlyPriceAboveBid() {
        // 2 cores * 0.1 + 4 GiB * 0.01 = 0.24 per hour
        PlanningSnapshot s = TestEstate.with(job("j").maxPrice(0.2));
        verifier.verifyThat(SchedulingConstraintProvider::priceCap).given(placed(s, "j", 0, "ea-1")).penalizesBy(1);
    }

    @Test
    void priceCap_doesNotPenalizePriceEqualToBid() {
        PlanningSnapshot s = TestEstate.with(job("j").maxPrice(0.24));
        verifier.verifyThat(SchedulingConstraintProvider::priceCap).given(placed(s, "j", 0, "ea-1")).penalizesBy(0);
    }

    // ------------------------------------------------------------------ tenant quota

    @Test
    void tenantQuota_penalizesGpusAndCoresOverQuotaPerHour() {
        PlanningSnapshot s = TestEstate.with(job("g1").tenant("gpu-team").gpus(3, "H100"), job("g2").tenant("gpu-team").gpus(3, "H100"),
                job("c1").tenant("cpu-team").cpu(10), job("c2").tenant("cpu-team").cpu(10));
        verifier.verifyThat(SchedulingConstraintProvider::tenantQuota)
                .given(placed(s, "g1", 0, "ea-1"), placed(s, "g2", 0, "ea-2"), placed(s, "c1", 0, "ea-1"), placed(s, "c2", 1, "ea-2"))
                .penalizesBy(2 * 2 + 4 * 1);
    }

    @Test
    void tenantQuota_doesNotPenalizeUseWithinQuota() {
        PlanningSnapshot s = TestEstate.with(job("g1").tenant("gpu-team").gpus(3, "H100"), job("g2").tenant("gpu-team").gpus(3, "H100"));
        verifier.verifyThat(SchedulingConstraintProvider::tenantQuota)
                .given(placed(s, "g1", 0, "ea-1"), placed(s, "g2", 2, "ea-2"))
                .penalizesBy(0);
    }

    // ------------------------------------------------------------------ pinned

    @Test
    void pinned_penalizesMovedOrUnplacedPinnedJob() {
        PlanningSnapshot s = TestEstate.with(job("moved").pinned(0, "ea-1"), job("dropped").pinned(0, "ea-1"));
        verifier.verifyThat(SchedulingConstraintProvider::pinned)
                .given(placed(s, "moved", 1, "ea-1"), unplaced(s, "dropped"))
                .penalizesBy(2);
    }

    @Test
    void pinned_doesNotPenalizeJobWherePinned() {
        PlanningSnapshot s = TestEstate.with(job("p").tasks(2).pinned(0, "ea-2", "ea-1"), job("free"));
        verifier.verifyThat(SchedulingConstraintProvider::pinned)
                .given(placed(s, "p", 0, "ea-1", "ea-2"), unplaced(s, "free"))
                .penalizesBy(0);
    }

    // ------------------------------------------------------------------ objective

    @Test
    void placedPriority_rewardsPriorityOfPlacedJobs() {
        PlanningSnapshot s = TestEstate.with(job("a").priority(7), job("b").priority(30));
        verifier.verifyThat(SchedulingConstraintProvider::placedPriority)
                .given(placed(s, "a", 0, "ee-1"), unplaced(s, "b"))
                .rewardsWith(7);
    }

    @Test
    void placedPriority_doesNotRewardUnplacedJobs() {
        PlanningSnapshot s = TestEstate.with(job("b").priority(30));
        verifier.verifyThat(SchedulingConstraintProvider::placedPriority).given(unplaced(s, "b")).rewardsWith(0);
    }

    @Test
    void costAndCarbon_penalizesCostPlusCarbonCostInMicros() {
        // price 0.24/h * 2 h = 0.48; power 2 * 5 W * PUE 1.5 = 15 W -> 0.015 kWh/h * 500 g/kWh * 2 h = 15 g = 0.015 kg
        // carbon cost 0.015 kg / 1000 * 200 = 0.003; total 0.483 = 483,000 micro-units
        PlanningSnapshot s = TestEstate.with(job("j"));
        verifier.verifyThat(SchedulingConstraintProvider::costAndCarbon).given(placed(s, "j", 0, "ee-1")).penalizesBy(483_000);
    }

    @Test
    void costAndCarbon_doesNotPenalizeUnplacedJob() {
        PlanningSnapshot s = TestEstate.with(job("j"));
        verifier.verifyThat(SchedulingConstraintProvider::costAndCarbon).given(unplaced(s, "j")).penalizesBy(0);
    }

    // ------------------------------------------------------------------ coverage

    @Test
    void everyConstraintInTheProviderHasAPenalisedAndAnUnpenalisedTest() {
        List<String> constraintMethods = Arrays.stream(SchedulingConstraintProvider.class.getDeclaredMethods())
                .filter(m -> m.getReturnType() == Constraint.class && m.getParameterCount() == 1
                        && m.getParameterTypes()[0] == ConstraintFactory.class && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .toList();
        long names = Arrays.stream(SchedulingConstraintProvider.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class).count();
        assertThat(constraintMethods).hasSize((int) names);
        List<String> tests = Arrays.stream(getClass().getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName).toList();
        for (String c : constraintMethods) {
            assertThat(tests).as("penalised/rewarded test for " + c)
                    .anyMatch(t -> t.startsWith(c + "_penalizes") || t.startsWith(c + "_rewards"));
            assertThat(tests).as("unpenalised test for " + c).anyMatch(t -> t.startsWith(c + "_doesNot"));
        }
    }
}
