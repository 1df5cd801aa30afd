package io.suanli.scheduling.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A compute site: region, power usage effectiveness and its nodes. */
public final class SiteFact {
    private final int index;
    private final String id;
    private final RegionFact region;
    private final String tier;
    private final double pue;
    private final List<NodeFact> nodes = new ArrayList<>();
    private List<NodeGroup> groups = List.of();
    private double[] latencyRow = new double[0];

    public SiteFact(int index, String id, RegionFact region, String tier, double pue) {
        this.index = index;
        this.id = id;
        this.region = region;
        this.tier = tier;
        this.pue = pue;
    }

    void addNode(NodeFact node) { nodes.add(node); }

    void freeze() {
        java.util.LinkedHashMap<String, List<NodeFact>> byType = new java.util.LinkedHashMap<>();
        for (NodeFact n : nodes) byType.computeIfAbsent(n.typeKey(), k -> new ArrayList<>()).add(n);
        List<NodeGroup> g = new ArrayList<>();
        for (List<NodeFact> list : byType.values()) g.add(new NodeGroup(this, list.get(0), list));
        groups = List.copyOf(g);
    }

    void setLatencyRow(double[] row) { latencyRow = row; }

    /** One-way latency in ms to another site, NaN when unreachable. */
    public double latencyMsTo(SiteFact other) { return latencyRow[other.index()]; }

    /** Interchangeable node groups, in order of first appearance. */
    public List<NodeGroup> groups() { return groups; }

    public int index() { return index; }
    public String id() { return id; }
    public RegionFact region() { return region; }
    public String tier() { return tier; }
    public double pue() { return pue; }
    public List<NodeFact> nodes() { return Collections.unmodifiableList(nodes); }

    @Override
    public String toString() { return id; }
}
