package io.suanli.dashboard.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The estate view: regions east to west with their sites, what they hold now and per slot over
 * the planning horizon, and the city's totals. Aggregated on the server; a few kilobytes.
 */
public record EstateSnapshot(
        Instant now,
        Instant horizonStart,
        int slotMinutes,
        int slots,
        String currency,
        String timeZone,
        CityTotals city,
        List<RegionSummary> regions) {

    /** Totals of the whole city. */
    public record CityTotals(
            int regions, int sites, int nodes, int nodesDraining, int nodesDown,
            Capacity capacity, Capacity usedNow, Map<String, Long> jobsByState) {}

    /** A grid region and its sites; carbon intensity in gCO2e/kWh for the current hour. */
    public record RegionSummary(String name, String displayName, double carbonNow, List<SiteSummary> sites) {}

    /**
     * A site: tier, node counts, capacity of the nodes that can hold work (not DOWN), what plans hold
     * now and per slot, and its average unit prices (per core-hour, GiB-hour, GPU-hour).
     */
    public record SiteSummary(
            String name, String displayName, String tier, double pue,
            int nodes, int nodesDraining, int nodesDown, List<String> gpuModels,
            Capacity capacity, Capacity usedNow, SlotSeries horizon, Prices prices, String priceLevel) {}

    /** CPU cores, memory GiB and GPUs. */
    public record Capacity(long cpuCores, double memoryGiB, long gpus) {}

    /** Used resources per slot from the horizon start; {@code tentativeGpus} are in uncommitted plans. */
    public record SlotSeries(long[] cpuCores, double[] memoryGiB, long[] gpus, long[] tentativeGpus) {}

    /** Average unit prices per hour of the site's nodes (GPU: of its GPU nodes; null without). */
    public record Prices(double cpuCore, double memoryGiB, Double gpu) {}
}
