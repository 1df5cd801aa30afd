package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * Solves one snapshot with two searches side by side, each on its own thread, and keeps the better
 * plan (placed priority, then cost + carbon cost, at true prices; a tie goes to the first):
 * <ol>
 *   <li>the plain search: greedy construction, then local search at true prices;
 *   <li>the guided search: the same, but first at {@link io.suanli.scheduling.domain.ContentionPrices
 *       contention prices}, so that jobs with many options leave the contested node-hours to jobs
 *       with few. It runs in rounds, each going on from the last one's best plan: the first prices
 *       the demand of every waiting job; in the later ones every job counts
 *       {@link #LATER_BASE_WEIGHT}, plus {@link #UNPLACED_BOOST} for each round whose best plan left
 *       it out (the node-hours those jobs would need get dearer until the jobs there move away).
 *       Its best plan is then re-priced at true prices and polished at true prices, which brings
 *       the cost back down without losing priority.
 * </ol>
 *
 * <p>Why both: at true prices the search settles with flexible jobs in the hours that are the only
 * hours of others and stalls short of the optimum on the trace scenarios (trace-small-1 reached
 * CP-SAT's proved optimum of placed priority at none of nine seeds, the engine with the guided
 * search at six of eight); on the generated scenarios, where the search is still climbing when
 * time runs out, the surcharges can cost placed priority instead (the first version of the guided
 * search, alone: large-1 564,595 against the plain search's 566,724; docs/benchmarks.md). Neither
 * wins everywhere, and a solve uses one core, so the second search costs no time on a machine with
 * two. Both are deterministic for a seed and step limit, and so is the choice.
 */
public final class SchedulingEngine {
    /** Share of the steps or time the guided stage gets (all its rounds together). */
    static final double GUIDED_SHARE = 0.65;
    /** Rounds of the guided stage. */
    static final int GUIDED_ROUNDS = 4;
    /** How much more, per round left out, a job's demand counts in the next rounds' surcharges. */
    static final double UNPLACED_BOOST = 4;
    /**
     * How much every job's demand counts after the first round (it counts 1 in the first): the
     * later rounds are led by the jobs left out (trace-small-1, 250,000 steps, seeds 0-7: 6 of 8
     * runs at CP-SAT's optimum with 1/4, 5 of 8 with 1).
     */
    static final double LATER_BASE_WEIGHT = 0.25;
    /**
     * The polish at true prices keeps a late acceptance history this many times shorter than the
     * search's: it only lowers the cost at the priority found, and a short history descends faster
     * (trace-small-1, 30 s, seeds 0-3: totals 386.07 / 384.13 / 385.44 / 382.99 at 1076 with a
     * tenth, 387.53 / 385.28 / 384.50 / 385.14 with the full history; CP-SAT 382.86 + 1 % = 386.69).
     */
    static final int POLISH_HISTORY_DIVISOR = 10;
    /**
     * Above this many jobs the search runs at true prices only: its time goes to placing everything
     * once, and the surcharges cost a pass over every job and host group per round.
     */
    static final int MAX_GUIDED_JOBS = 50_000;

    /**
     * A new best score, with the solver's time spent so far, from the {@code plain} or the
     * {@code guided} search; {@code contentionPriced} when found at contention prices, where the
     * soft score includes the surcharges (not a cost to show).
     */
    public record Progress(long millis, HardMediumSoftLongScore score, String search, boolean contentionPriced) {}

    /** The best plan and when the first feasible plan appeared (-1 if none did). */
    public record Outcome(SchedulePlan plan, long firstFeasibleMillis, long solveMillis) {}

    private SchedulingEngine() {}

    public static Outcome solve(PlanningSnapshot snapshot, SolveSettings settings, Consumer<Progress> progress) {
        return solve(SchedulePlan.unplaced(snapshot), settings, progress);
    }

    public static Outcome solve(SchedulePlan start, SolveSettings settings, Consumer<Progress> progress) {
        PlanningSnapshot snapshot = start.getSnapshot().truePrices();
        SchedulePlan trueStart = repriced(start, snapshot);
        BestSoFar best = new BestSoFar(progress);
        if (settings.contentionWeight() == 0 || start.getAssignments().size() > MAX_GUIDED_JOBS) {
            return run(trueStart, settings, true, "plain", false, 0, best);
        }
        // a copy, made before the plain search starts: OptaPlanner changes the plan it is given
        SchedulePlan guidedStart = repriced(start, snapshot.withContentionPrices(settings.contentionWeight()));
        CompletableFuture<Outcome> guided = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                guided.complete(guided(guidedStart, snapshot, settings, best));
            } catch (Throwable e) {
                guided.completeExceptionally(e);
            }
        }, "suanli-guided-search");
        worker.setDaemon(true);
        worker.start();
        Outcome plain = run(trueStart, settings, true, "plain", false, 0, best);
        Outcome other = guided.join();
        // lexicographic at true prices; a tie goes to the plain search, so the choice is reproducible
        boolean guidedWins = other.plan().getScore().compareTo(plain.plan().getScore()) > 0;
        long firstFeasible = plain.firstFeasibleMillis() < 0 ? other.firstFeasibleMillis()
                : other.firstFeasibleMillis() < 0 ? plain.firstFeasibleMillis() : Math.min(plain.firstFeasibleMillis(), other.firstFeasibleMillis());
        return new Outcome(guidedWins ? other.plan() : plain.plan(), firstFeasible, Math.max(plain.solveMillis(), other.solveMillis()));
    }

    /** The guided search: its rounds at contention prices, then the polish at true prices. */
    private static Outcome guided(SchedulePlan start, PlanningSnapshot snapshot, SolveSettings settings, Consumer<Progress> progress) {
        double[] jobWeights = new double[snapshot.jobs().size()];
        Arrays.fill(jobWeights, LATER_BASE_WEIGHT);
        SchedulePlan plan = start;
        long millis = 0, firstFeasible = -1;
        for (int round = 0; round < GUIDED_ROUNDS; round++) {
            PlanningSnapshot guided = round == 0 ? start.getSnapshot() : snapshot.withContentionPrices(settings.contentionWeight(), jobWeights);
            Outcome outcome = run(repriced(plan, guided), settings.share(GUIDED_SHARE / GUIDED_ROUNDS), round == 0, "guided", true, millis, progress);
            if (round == 0) firstFeasible = outcome.firstFeasibleMillis();
            millis += outcome.solveMillis();
            plan = outcome.plan();
            for (JobAssignment a : plan.getAssignments()) {
                if (!a.isPinned() && a.getPlacement() == null) jobWeights[a.getJob().index()] += UNPLACED_BOOST;
            }
        }
        SolveSettings polish = settings.share(1 - GUIDED_SHARE).withLateAcceptanceSize(
                Math.max(SolveSettings.MIN_LATE_ACCEPTANCE, settings.lateAcceptanceFor(snapshot.jobs().size()) / POLISH_HISTORY_DIVISOR));
        Outcome polished = run(repriced(plan, snapshot), polish, false, "guided", false, millis, progress);
        return new Outcome(polished.plan(), firstFeasible, millis + polished.solveMillis());
    }

    /**
     * Passes on the progress of both searches as one: a true-price score when it beats every one
     * before it, a contention-priced one when it places more priority than any plan so far.
     */
    private static final class BestSoFar implements Consumer<Progress> {
        private final Consumer<Progress> next;
        private HardMediumSoftLongScore bestTrue;
        private long bestMedium = Long.MIN_VALUE;

        BestSoFar(Consumer<Progress> next) { this.next = next; }

        @Override
        public synchronized void accept(Progress p) {
            if (p.score().hardScore() < 0 && bestTrue != null) return;
            if (p.contentionPriced()) {
                if (p.score().mediumScore() <= bestMedium && bestTrue != null) return;
            } else {
                if (bestTrue != null && p.score().compareTo(bestTrue) <= 0) return;
                bestTrue = p.score();
            }
            bestMedium = Math.max(bestMedium, p.score().mediumScore());
            next.accept(p);
        }
    }

    private static Outcome run(SchedulePlan start, SolveSettings settings, boolean construct, String search, boolean contentionPriced,
            long offsetMillis, Consumer<Progress> progress) {
        Solver<SchedulePlan> solver = SolverFactory.<SchedulePlan>create(
                SchedulingSolverConfig.create(settings, start.getAssignments().size(), construct)).buildSolver();
        long[] firstFeasible = {-1};
        solver.addEventListener(event -> {
            HardMediumSoftLongScore score = (HardMediumSoftLongScore) event.getNewBestScore();
            long millis = offsetMillis + event.getTimeMillisSpent();
            if (firstFeasible[0] < 0 && score.hardScore() == 0) firstFeasible[0] = millis;
            progress.accept(new Progress(millis, score, search, contentionPriced));
        });
        long t0 = System.nanoTime();
        SchedulePlan best = solver.solve(start);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (firstFeasible[0] < 0 && best.getScore() != null && best.getScore().hardScore() == 0) firstFeasible[0] = offsetMillis + millis;
        return new Outcome(best, firstFeasible[0], millis);
    }

    /** The plan's placements on another snapshot of the same facts (same jobs, nodes and indices). */
    static SchedulePlan repriced(SchedulePlan plan, PlanningSnapshot snapshot) {
        if (plan.getSnapshot() == snapshot) return plan;
        List<JobAssignment> assignments = new ArrayList<>(plan.getAssignments().size());
        for (JobAssignment a : plan.getAssignments()) {
            Placement p = a.getPlacement();
            assignments.add(new JobAssignment(a.getJob(), p == null ? null : Placement.of(snapshot, a.getJob(), p.startHour(), p.nodes())));
        }
        return new SchedulePlan(snapshot, assignments);
    }
}
