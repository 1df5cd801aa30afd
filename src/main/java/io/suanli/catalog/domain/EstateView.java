package io.suanli.catalog.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the whole estate at one moment, for decisions that must not query the
 * database per request (admission) or must work on a fixed snapshot (the scheduler).
 */
public final class EstateView {

    private final Map<String, Region> regions = new HashMap<>();
    private final Map<String, Site> sites = new HashMap<>();
    private final Map<String, Tenant> tenants = new HashMap<>();
    private final Map<String, List<Node>> nodesBySite = new HashMap<>();
    private final Map<String, List<NodeGroup>> groupsBySite = new HashMap<>();
    private final Map<String, Map<String, Double>> latency = new HashMap<>();
    private final List<Node> nodes;

    public EstateView(List<Region> regions, List<Site> sites, List<SiteLatency> latencies, List<Node> nodes, List<Tenant> tenants) {
        regions.forEach(r -> this.regions.put(r.name(), r));
        sites.forEach(s -> this.sites.put(s.name(), s));
        tenants.forEach(t -> this.tenants.put(t.name(), t));
        for (Node node : nodes) {
            nodesBySite.computeIfAbsent(node.site(), s -> new ArrayList<>()).add(node);
        }
        nodesBySite.forEach((site, siteNodes) -> groupsBySite.put(site, NodeGroup.of(siteNodes)));
        for (SiteLatency l : latencies) {
            latency.computeIfAbsent(l.from(), s -> new HashMap<>()).put(l.to(), l.ms());
            latency.computeIfAbsent(l.to(), s -> new HashMap<>()).put(l.from(), l.ms());
        }
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Whether another view shows the same estate (same regions, sites, latencies, nodes with their
     * states and prices, tenants): a view reloaded without changes is a new object with the same
     * contents, and the scheduler rebuilds its snapshot only for a real change.
     */
    public boolean sameEstate(EstateView other) {
        return other == this || (other != null && nodes.equals(other.nodes) && sites.equals(other.sites)
                && regions.equals(other.regions) && tenants.equals(other.tenants) && latency.equals(other.latency));
    }

    public static EstateView empty() {
        return new EstateView(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public Region region(String name) {
        return regions.get(name);
    }

    public Site site(String name) {
        return sites.get(name);
    }

    public Tenant tenant(String name) {
        return tenants.get(name);
    }

    public List<Site> sites() {
        return List.copyOf(sites.values());
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The nodes of a site grouped by identical shape and prices: what admission needs, far fewer than nodes. */
    public List<NodeGroup> nodeGroupsOf(String site) {
        return groupsBySite.getOrDefault(site, Collections.emptyList());
    }

    /** One-way latency in ms; 0 to itself; null when the pair is not connected. */
    public Double latencyMs(String from, String to) {
        if (from.equals(to)) {
            return 0.0;
        }
        return latency.getOrDefault(from, Map.of()).get(to);
    }
}
