package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.SchedulePlan;
import java.time.Duration;
import java.util.List;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.core.config.heuristic.selector.common.SelectionOrder;
import org.optaplanner.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.phase.custom.CustomPhaseConfig;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/** Builds the solver configuration in code: greedy initializer, then local search with the job-level moves. */
public final class SchedulingSolverConfig {
    private SchedulingSolverConfig() {}

    /**
     * The configuration for a snapshot of {@code jobCount} jobs; without {@code construct} the
     * start plan is taken as it is and only the local search runs.
     */
    public static SolverConfig create(SolveSettings settings, int jobCount, boolean construct) {
        ScoreDirectorFactoryConfig score = new ScoreDirectorFactoryConfig()
                .withIncrementalScoreCalculatorClass(SchedulingIncrementalScoreCalculator.class);
        if (settings.fullAssert()) {
            score.setAssertionScoreDirectorFactory(new ScoreDirectorFactoryConfig()
                    .withConstraintProviderClass(SchedulingConstraintProvider.class)
                    .withConstraintStreamImplType(ConstraintStreamImplType.BAVET));
        }
        LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(new MoveIteratorFactoryConfig()
                        .withMoveIteratorFactoryClass(SchedulingMoveIteratorFactory.class)
                        .withSelectionOrder(SelectionOrder.RANDOM))
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(settings.lateAcceptanceFor(jobCount)))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1));
        if (settings.steps() != null) localSearch.setTerminationConfig(new TerminationConfig().withStepCountLimit(settings.steps()));
        SolverConfig config = new SolverConfig()
                .withSolutionClass(SchedulePlan.class)
                .withEntityClasses(JobAssignment.class)
                .withScoreDirectorFactory(score)
                .withRandomSeed(settings.seed())
                .withEnvironmentMode(settings.fullAssert() ? EnvironmentMode.FULL_ASSERT : EnvironmentMode.REPRODUCIBLE);
        if (construct) {
            config.setPhaseConfigList(List.of(new CustomPhaseConfig().withCustomPhaseCommands(new GreedyInitializer()),
                    new CustomPhaseConfig().withCustomPhaseCommands(new SecondOpinionInitializer()), localSearch));
        } else {
            config.setPhaseConfigList(List.of(localSearch));
        }
        if (settings.seconds() != null) {
            config.setTerminationConfig(new TerminationConfig().withSpentLimit(Duration.ofMillis(Math.round(settings.seconds() * 1000))));
        }
        return config;
    }
}
