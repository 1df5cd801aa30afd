package io.suanli.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A scenario as written in {@code suanli-scenario/1} (docs/scenario-format.md): the estate of a
 * city and a batch of jobs. This is the interchange model only; the catalog, the jobs and the
 * planning model each map it to their own types.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioDocument(
        String format,
        String name,
        String description,
        Instant startsAt,
        Integer horizonHours,
        BigDecimal carbonPricePerTonne,
        List<Region> regions,
        List<Site> sites,
        List<Latency> latency,
        List<Tenant> tenants,
        List<Node> nodes,
        List<Job> jobs) {

    public static final String FORMAT = "suanli-scenario/1";

    /** A region with its hourly grid carbon intensity in gCO2e/kWh (one value means constant). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Region(String id, String name, List<Double> carbonIntensity) {}

    /** A compute site in a region. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Site(String id, String name, String region, String tier, Double pue) {}

    /** One-way latency in ms between two sites, symmetric. */
    public record Latency(String from, String to, Double ms) {}

    /** A tenant (city department) with optional quotas that hold at every hour. */
    public record Tenant(String id, Integer gpuQuota, Integer cpuQuota) {}

    /** A node with its capacity, hourly unit prices and power draw. */
    public record Node(
            String id,
            String site,
            Integer cpuCores,
            Double memoryGiB,
            Integer gpus,
            String gpuModel,
            Prices pricePerHour,
            Power powerWatts) {}

    /** Hourly unit prices; up to 6 decimals, kept exact. */
    public record Prices(BigDecimal cpuCore, BigDecimal memoryGiB, BigDecimal gpu) {}

    /** Power draw in watts per busy CPU core and per busy GPU. */
    public record Power(Double cpuCore, Double gpu) {}

    /** A job to place: per-task resources, a gang of {@code tasks} tasks, and its rules. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Job(
            String id,
            String tenant,
            Integer tasks,
            Integer cpuCores,
            Double memoryGiB,
            Integer gpus,
            String gpuModel,
            Integer durationHours,
            Integer earliestStartHour,
            Integer deadlineHour,
            Integer priority,
            String dataSite,
            Double maxLatencyMs,
            List<String> allowedRegions,
            BigDecimal maxPricePerHour,
            Pinned pinned) {}

    /** Where an already running job stays. */
    public record Pinned(Integer startHour, List<String> nodes) {}
}
