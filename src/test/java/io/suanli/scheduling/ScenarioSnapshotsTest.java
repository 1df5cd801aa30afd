package io.suanli.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.nio.file.Path;
import java.util.List;
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
    void aSnapshotWrittenAsAScenarioReadsBackAsTheSameProblem() throws Exception {
        for (String name : new String[] {"tiny-1", "small-1", "trace-small-1"}) {
            PlanningSnapshot original = ScenarioSnapshots.fromScenario(
                    ScenarioSnapshots.read(Path.of("src/test/resources/scenarios/" + name + ".json")));
            // through JSON, as an operator downloads it and the solve command reads it
            var mapper = ScenarioSnapshots.mapper();
            var written = mapper.writeValueAsString(ScenarioSnapshots.toScenario(original, java.time.Instant.EPOCH, "again"));
            PlanningSnapshot again = ScenarioSnapshots.fromScenario(mapper.readValue(written, io.suanli.scenario.ScenarioDocument.class));

            assertThat(again.horizonHours()).isEqualTo(original.horizonHours());
            assertThat(again.carbonPricePerTonne()).isEqualTo(original.carbonPricePerTonne());
            assertThat(again.tenants()).isEqualTo(original.tenants());
            for (var r : original.regions()) {
                for (int h = 0; h < original.horizonHours(); h++) {
                    assertThat(again.regions().get(r.index()).intensityAt(h)).as(name + " " + r + "@" + h).isEqualTo(r.intensityAt(h));
                }
            }
            for (var a : original.sites()) {
                var a2 = again.site(a.id());
                assertThat(a2.tier()).isEqualTo(a.tier());
                assertThat(a2.pue()).isEqualTo(a.pue());
                assertThat(a2.region().id()).isEqualTo(a.region().id());
                for (var b : original.sites()) {
                    assertThat(again.latencyMs(a2, again.site(b.id()))).isEqualTo(original.latencyMs(a, b));
                }
            }
            assertThat(again.nodes()).hasSameSizeAs(original.nodes());
            for (var n : original.nodes()) {
                var n2 = again.node(n.id());
                assertThat(List.of(n2.site().id(), n2.cpuCores(), n2.memoryMiB(), n2.gpus(), String.valueOf(n2.gpuModel()),
                        n2.priceCpuCore(), n2.priceMemoryGiB(), n2.priceGpu(), n2.wattsCpuCore(), n2.wattsGpu()))
                        .as(name + " node " + n.id())
                        .isEqualTo(List.of(n.site().id(), n.cpuCores(), n.memoryMiB(), n.gpus(), String.valueOf(n.gpuModel()),
                                n.priceCpuCore(), n.priceMemoryGiB(), n.priceGpu(), n.wattsCpuCore(), n.wattsGpu()));
            }
            assertThat(again.jobs()).hasSameSizeAs(original.jobs());
            for (JobFact j : original.jobs()) {
                JobFact j2 = again.job(j.id());
                assertThat(describe(j2)).as(name + " job " + j.id()).isEqualTo(describe(j));
            }
        }
    }

    private static List<Object> describe(JobFact j) {
        return java.util.Arrays.asList(j.tenant().id(), j.tasks(), j.cpuCores(), j.memoryMiB(), j.gpus(), j.gpuModel(),
                j.durationHours(), j.earliestStartHour(), j.deadlineHour(), j.priority(),
                j.dataSite() == null ? null : j.dataSite().id(), j.maxLatencyMs(), j.allowedRegions(), j.maxPricePerHour(),
                j.isPinned() ? j.pinnedStartHour() : null, j.isPinned() ? j.pinnedNodes().stream().map(n -> n.id()).toList() : null);
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
