package io.suanli.scheduling.explain;

import java.util.List;

/**
 * Why a job runs where it runs, or why it does not run: its placement with price, cost, energy
 * and carbon, and how the best other sites compare (the rule that rules each out, or how much
 * dearer and dirtier it is). Plain data, ready to serialize.
 */
public record JobExplanation(
        String job,
        boolean placed,
        Where where,
        Figures figures,
        List<String> unplacedReasons,
        List<Alternative> alternatives) {

    /** Where and when the job runs: hours [startHour, endHour). */
    public record Where(String site, String region, List<String> nodes, int startHour, int endHour) {}

    /** Money in the scenario's currency, energy in kWh, carbon in kg CO2e. */
    public record Figures(double hourlyPrice, double cost, double energyKWh, double carbonKg, double carbonCost, double total) {}

    /**
     * Another site: either {@code ruledOutBy} names the rule that keeps the job out, or the figures
     * of its cheapest feasible placement and the difference to the chosen one are given.
     */
    public record Alternative(
            String site,
            String region,
            String ruledOutBy,
            Integer startHour,
            Figures figures,
            Double extraTotal,
            Double extraCarbonKg) {

        public boolean feasible() { return ruledOutBy == null; }
    }
}
