package io.suanli.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScenarioSnapshotsTest {
    private static PlanningSnapshot tiny() throws Exception {
        return ScenarioSnapshots.fromScenario(ScenarioSnapshots.read(Path.of("src/test/resources/scenarios/tiny-1.json")));
    }

    @Test
    void mapsTheTinyScenarioWithTheFormatsDefaults() throws Exception {
        PlanningSnapshot s = tiny();
        assertThat(s.name()).isEqualTo("tiny-1");
        assertThat(s.horizonHours()).isEqualTo(12);
        assertThat(s.nodes()).hasSize(10);
        assertThat(s.jobs()).hasSize(30);
        JobFact first = s.job("j-000001");
        assertThat(first.earliestStartHour()).isEqualTo(4);
        assertThat(first.deadlineHour()).isEqualTo(11);
        assertThat(first.memoryMiB()).isEqualTo(16 * 1024);
        assertThat(s.jobs()).filteredOn(JobFact::isPinned).hasSize(1);
        assertThat(s.jobs()).allSatisfy(j -> assertThat(j.deadlineHour()).isBetween(0, 12));
    }

    @Test
    void latencyIsSymmetricZeroToItselfAndMissingMeansUnreachable() {
        PlanningSnapshot s = TestEstate.with();
        assertThat(s.latencyMs(s.site("east-ai"), s.site("east-edge"))).isEqualTo(2.0);
        assertThat(s.latencyMs(s.site("east-edge"), s.site("east-ai"))).isEqualTo(2.0);
        assertThat(s.latencyMs(s.site("west-ai"), s.site("west-ai"))).isZero();
        assertThat(s.latencyMs(s.site("east-ai"), s.site("west-ai"))).isNaN();
    }

    @Test
    void pinnedJobsStartWhereTheyArePinned() throws Exception {
        PlanningSnapshot s = tiny();
        SchedulePlan plan = SchedulePlan.unplaced(s);
        assertThat(plan.getAssignments()).filteredOn(a -> a.getJob().isPinned())
                .allSatisfy(a -> assertThat(a.getPlacement().startHour()).isEqualTo(a.getJob().pinnedStartHour()));
        assertThat(plan.getAssignments()).filteredOn(a -> !a.getJob().isPinned()).allSatisfy(a -> assertThat(a.getPlacement()).isNull());
    }

    @Test
    void memoryDemandRoundsUpAndCapacityRoundsDownToWholeMiB() {
        PlanningSnapshot s = TestEstate.with(TestEstate.job("j").memory(0.1));
        assertThat(s.job("j").memoryMiB()).isEqualTo(103);
        assertThat(s.node("ea-1").memoryMiB()).isEqualTo(128 * 1024);
    }

    @Test
    void rejectsAnUnknownReferenceNamingTheElement() {
        assertThatThrownBy(() -> TestEstate.with(TestEstate.job("j").latency("mars", 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job j: dataSite mars is not known");
    }
}
