package io.suanli.scenario;

import java.util.List;

/** One answer to a scenario, as written in {@code suanli-result/1}. */
public record ResultDocument(
        String format,
        String scenario,
        String solver,
        long solveMillis,
        List<Assignment> assignments,
        List<String> unassigned,
        Objective objective) {

    public static final String FORMAT = "suanli-result/1";

    /** Where and when one job runs: one node id per task. */
    public record Assignment(String job, int startHour, List<String> nodes) {}

    /** The figures the solver believes; readers recompute them from the assignments. */
    public record Objective(
            long placedPriority,
            long unplacedPriority,
            double cost,
            double carbonKg,
            double carbonCost,
            double total) {}
}
