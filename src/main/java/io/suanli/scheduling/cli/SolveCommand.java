package io.suanli.scheduling.cli;

import io.suanli.scenario.ResultDocument;
import io.suanli.scheduling.HardRuleChecker;
import io.suanli.scheduling.PlanResults;
import io.suanli.scheduling.ScenarioSnapshots;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.explain.PlacementExplainer;
import io.suanli.scheduling.solver.SchedulingEngine;
import io.suanli.scheduling.solver.SolveSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code solve --scenario FILE --seconds N --out RESULT.json [--seed S] [--steps K] [--contention-weight W]
 * [--explain JOB,...]}: reads a scenario, solves it, checks the result against the hard rules and writes it.
 * Plain main: no database, no service. Exit 0 = valid result written, 1 = result breaks a rule, 2 = bad input.
 */
public final class SolveCommand {
    private SolveCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String scenario = null, result = null;
        Double seconds = null;
        Integer steps = null;
        long seed = 0;
        Integer lateAcceptance = null;
        double contentionWeight = SolveSettings.DEFAULT_CONTENTION_WEIGHT;
        List<String> explain = List.of();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--scenario" -> scenario = args[++i];
                    case "--out" -> result = args[++i];
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--steps" -> steps = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--late-acceptance" -> lateAcceptance = Integer.parseInt(args[++i]);
                    case "--contention-weight" -> contentionWeight = Double.parseDouble(args[++i]);
                    case "--explain" -> explain = List.of(args[++i].split(","));
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (scenario == null || result == null || (seconds == null && steps == null)) {
                throw new IllegalArgumentException("need --scenario FILE --out RESULT.json and --seconds N and/or --steps K");
            }
            if (!(contentionWeight >= 0)) throw new IllegalArgumentException("--contention-weight must be 0 or more");
        } catch (RuntimeException e) {
            err.println("usage: solve --scenario FILE --seconds N --out RESULT.json [--seed S] [--steps K] [--contention-weight W]: " + e.getMessage());
            return 2;
        }
        long t0 = System.nanoTime();
        PlanningSnapshot snapshot;
        try {
            snapshot = ScenarioSnapshots.fromScenario(ScenarioSnapshots.read(Path.of(scenario)));
        } catch (Exception e) {
            err.println("cannot read scenario " + scenario + ": " + e.getMessage());
            return 2;
        }
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        out.printf(Locale.ROOT, "loaded %s: %d nodes, %d jobs, %d hours in %d ms%n", snapshot.name(), snapshot.nodes().size(),
                snapshot.jobs().size(), snapshot.horizonHours(), loadMillis);
        SolveSettings settings = new SolveSettings(seed, steps, seconds, lateAcceptance, false, contentionWeight);
        long[] lastPrint = {-1_000_000};
        long[] lastMedium = {Long.MIN_VALUE};
        SchedulingEngine.Outcome outcome = SchedulingEngine.solve(snapshot, settings, p -> {
            if (p.millis() - lastPrint[0] >= 1000 || p.score().mediumScore() > lastMedium[0]) {
                lastPrint[0] = p.millis();
                lastMedium[0] = Math.max(lastMedium[0], p.score().mediumScore());
                // a soft score at contention prices includes the surcharges: not a cost to show
                out.printf(Locale.ROOT, "%8.1f s  best %s  (%s search%s)%n", p.millis() / 1000.0,
                        p.contentionPriced() ? p.score().hardScore() + "hard/" + p.score().mediumScore() + "medium" : p.score(),
                        p.search(), p.contentionPriced() ? ", at contention prices" : "");
            }
        });
        out.printf(Locale.ROOT, "%8.1f s  final %s (first feasible after %d ms)%n", outcome.solveMillis() / 1000.0,
                outcome.plan().getScore(), outcome.firstFeasibleMillis());
        String solver = "suanli-optaplanner greedy+LS, plain and guided searches, lateAcceptance=" + settings.lateAcceptanceFor(snapshot.jobs().size()) + " contentionWeight=" + contentionWeight + " seed=" + seed + (steps != null ? " steps=" + steps : "")
                + (seconds != null ? " seconds=" + seconds : "") + " firstFeasibleMillis=" + outcome.firstFeasibleMillis();
        ResultDocument doc = PlanResults.toResult(outcome.plan(), solver, outcome.solveMillis());
        List<String> violations = HardRuleChecker.check(snapshot, doc);
        try {
            ScenarioSnapshots.mapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(result).toFile(), doc);
        } catch (Exception e) {
            err.println("cannot write " + result + ": " + e.getMessage());
            return 2;
        }
        ResultDocument.Objective o = doc.objective();
        out.printf(Locale.ROOT, "placedPriority %d  unplacedPriority %d  cost %.2f  carbonKg %.1f  carbonCost %.2f  total %.2f%n",
                o.placedPriority(), o.unplacedPriority(), o.cost(), o.carbonKg(), o.carbonCost(), o.total());
        if (!explain.isEmpty()) {
            PlacementExplainer explainer = new PlacementExplainer(outcome.plan());
            for (String job : explain) {
                try {
                    out.println(ScenarioSnapshots.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(explainer.explain(job, 5)));
                } catch (Exception e) {
                    err.println("cannot explain " + job + ": " + e.getMessage());
                }
            }
        }
        if (!violations.isEmpty()) {
            err.println("INVALID result: " + violations.size() + " hard-rule violations, first: " + violations.get(0));
            return 1;
        }
        out.println("wrote " + result + " (hard rules checked: valid)");
        return 0;
    }
}
