package io.suanli.scheduling;

import static io.suanli.scheduling.TestEstate.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scenario.ResultDocument;
import io.suanli.scheduling.domain.PlanningSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker must catch each rule when it is broken, and pass a result that keeps them all. */
class HardRuleCheckerTest {
    private static ResultDocument result(List<ResultDocument.Assignment> assignments, List<String> unassigned) {
        return new ResultDocument(ResultDocument.FORMAT, "test-estate", "test", 0, assignments, unassigned, null);
    }

    private static ResultDocument.Assignment at(String job, int start, String... nodes) {
        return new ResultDocument.Assignment(job, start, List.of(nodes));
    }

    @Test
    void passesAResultThatKeepsEveryRule() {
        PlanningSnapshot s = TestEstate.with(job("a").tasks(2).gpus(2, "H100"), job("b"));
        assertThat(HardRuleChecker.check(s, result(List.of(at("a", 0, "ea-1", "ea-2")), List.of("b")))).isEmpty();
    }

    @Test
    void reportsEachBrokenRuleWithItsNumber() {
        PlanningSnapshot s = TestEstate.with(
                job("window").window(3, 8), job("cap-a").cpu(20), job("cap-b").cpu(20), job("model").gpus(1, "H100"),
                job("gang").tasks(2), job("far").latency("east-edge", 5), job("west").regions("west"),
                job("price").maxPrice(0.1), job("q1").tenant("gpu-team").gpus(3, "H100"), job("q2").tenant("gpu-team").gpus(3, "H100"),
                job("pin").pinned(0, "ee-1"), job("missing"));
        List<String> v = HardRuleChecker.check(s, result(List.of(
                at("window", 0, "ee-1"), at("cap-a", 4, "wa-1"), at("cap-b", 4, "wa-1"), at("model", 0, "wa-1"),
                at("gang", 0, "ea-1", "ee-1"), at("far", 0, "wa-1"), at("west", 0, "ea-1"), at("price", 0, "ea-2"),
                at("q1", 6, "ea-1"), at("q2", 6, "ea-2"), at("pin", 1, "ee-1")), List.of()));
        assertThat(v).anyMatch(m -> m.startsWith("R1: job window"));
        assertThat(v).anyMatch(m -> m.startsWith("R2: node wa-1 hour 4 cpuCores 40"));
        assertThat(v).anyMatch(m -> m.startsWith("R3: job model"));
        assertThat(v).anyMatch(m -> m.startsWith("R4: job gang"));
        assertThat(v).anyMatch(m -> m.startsWith("R5: job far"));
        assertThat(v).anyMatch(m -> m.startsWith("R6: job west"));
        assertThat(v).anyMatch(m -> m.startsWith("R7: job price"));
        assertThat(v).anyMatch(m -> m.startsWith("R8: tenant gpu-team hour 6 gpus 6"));
        assertThat(v).anyMatch(m -> m.startsWith("R9: pinned job pin"));
        assertThat(v).anyMatch(m -> m.equals("R0: job missing is missing"));
    }
}
