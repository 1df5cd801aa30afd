package io.suanli.demo;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioDocument.Node;
import io.suanli.scenario.ScenarioDocument.Prices;
import io.suanli.scenario.ScenarioDocument.Site;
import io.suanli.scenario.ScenarioDocument.Tenant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A read-only view of an estate for generating jobs: identical nodes of a site grouped, latency
 * and tenants looked up by id. Built from a scenario, so the live stream can use any estate.
 */
public final class EstateIndex {

    private final List<NodeGroup> groups;
    private final Map<String, Site> sites;
    private final Map<String, Double> latency;
    private final Map<String, Tenant> tenants;

    private EstateIndex(List<NodeGroup> groups, Map<String, Site> sites, Map<String, Double> latency,
            Map<String, Tenant> tenants) {
        this.groups = groups;
        this.sites = sites;
        this.latency = latency;
        this.tenants = tenants;
    }

    /** Indexes the estate part of a scenario; its jobs are ignored. */
    public static EstateIndex of(ScenarioDocument estate) {
        Map<String, Site> sites = new LinkedHashMap<>();
        estate.sites().forEach(s -> sites.put(s.id(), s));
        Map<String, Double> latency = new HashMap<>();
        estate.latency().forEach(l -> {
            latency.put(key(l.from(), l.to()), l.ms());
            latency.put(key(l.to(), l.from()), l.ms());
        });
        Map<String, Tenant> tenants = new LinkedHashMap<>();
        if (estate.tenants() != null) {
            estate.tenants().forEach(t -> tenants.put(t.id(), t));
        }
        Map<GroupKey, List<Node>> grouped = new LinkedHashMap<>();
        for (Node node : estate.nodes()) {
            GroupKey k = new GroupKey(node.site(), node.cpuCores(), node.memoryGiB(), node.gpus(), node.gpuModel(),
                    node.pricePerHour());
            grouped.computeIfAbsent(k, x -> new ArrayList<>()).add(node);
        }
        List<NodeGroup> groups = new ArrayList<>();
        grouped.forEach((k, members) -> {
            Site site = sites.get(k.site());
            groups.add(new NodeGroup(site, k.cpuCores(), k.memoryGiB(), k.gpus(), k.gpuModel(), k.prices(),
                    members.size()));
        });
        return new EstateIndex(List.copyOf(groups), sites, latency, tenants);
    }

    private static String key(String from, String to) {
        return from + '\n' + to;
    }

    /** Groups of identical nodes that match, in estate order. */
    public List<NodeGroup> groups(Predicate<NodeGroup> filter) {
        return groups.stream().filter(filter).toList();
    }

    /** Sites that match, in estate order. */
    public List<Site> sites(Predicate<Site> filter) {
        return sites.values().stream().filter(filter).toList();
    }

    /** One-way ms between two sites; 0 to itself, infinite when the pair is unreachable. */
    public double latencyMs(String from, String to) {
        if (from.equals(to)) {
            return 0.0;
        }
        return latency.getOrDefault(key(from, to), Double.POSITIVE_INFINITY);
    }

    /** The tenant, or null when the estate does not list it. */
    public Tenant tenant(String id) {
        return tenants.get(id);
    }

    public boolean hasRegion(String regionId) {
        return sites.values().stream().anyMatch(s -> s.region().equals(regionId));
    }

    private record GroupKey(String site, int cpuCores, double memoryGiB, int gpus, String gpuModel, Prices prices) {}

    /** {@code count} identical nodes of one site (same size, model and prices). */
    public record NodeGroup(Site site, int cpuCores, double memoryGiB, int gpus, String gpuModel, Prices prices,
            int count) {

        public String region() {
            return site.region();
        }

        public String tier() {
            return site.tier();
        }

        /** Hourly price of one task of this size on one of these nodes. */
        public BigDecimal taskPrice(int taskCores, double taskMemoryGiB, int taskGpus) {
            return prices.cpuCore().multiply(BigDecimal.valueOf(taskCores))
                    .add(prices.memoryGiB().multiply(BigDecimal.valueOf(taskMemoryGiB)))
                    .add(Objects.requireNonNullElse(prices.gpu(), BigDecimal.ZERO)
                            .multiply(BigDecimal.valueOf(taskGpus)));
        }
    }
}
