package io.suanli.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scenario.ResultDocument;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.solver.SchedulingEngine;
import io.suanli.scheduling.solver.SolveSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Solves the public tiny scenario (copied into test resources) and checks every hard rule of the result. */
class TinyScenarioSolveTest {
    /** CP-SAT's proved optimum for tiny-1 (BASELINES.md): placed priority 774 at total 2394.49. */
    private static final long CP_SAT_PLACED_PRIORITY = 774;
    private static final double CP_SAT_TOTAL = 2394.49;

    @Test
    void solvesTinyScenarioWithinEveryHardRuleAndAsWellAsCpSat() throws Exception {
        PlanningSnapshot snapshot = ScenarioSnapshots.fromScenario(
                ScenarioSnapshots.read(Path.of("src/test/resources/scenarios/tiny-1.json")));
        SchedulingEngine.Outcome outcome = SchedulingEngine.solve(snapshot, SolveSettings.ofSteps(1, 3000), p -> {});
        ResultDocument result = PlanResults.toResult(outcome.plan(), "test", outcome.solveMillis());

        List<String> violations = HardRuleChecker.check(snapshot, result);
        assertThat(violations).isEmpty();
        Set<String> listed = new HashSet<>(result.unassigned());
        result.assignments().forEach(a -> listed.add(a.job()));
        assertThat(listed).hasSize(snapshot.jobs().size());
        assertThat(result.assignments()).allSatisfy(a -> assertThat(a.nodes()).hasSize(snapshot.job(a.job()).tasks()));
        assertThat(result.objective().placedPriority()).isEqualTo(CP_SAT_PLACED_PRIORITY);
        assertThat(result.objective().total()).isLessThanOrEqualTo(CP_SAT_TOTAL * 1.01);
        assertThat(result.objective().total()).isEqualTo(result.objective().cost() + result.objective().carbonCost(), org.assertj.core.data.Offset.offset(1e-5));
    }
}
