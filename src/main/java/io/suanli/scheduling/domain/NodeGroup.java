package io.suanli.scheduling.domain;

import java.util.List;

/** Nodes of one site that are interchangeable: same capacity, GPU model, prices and power. */
public record NodeGroup(SiteFact site, NodeFact representative, List<NodeFact> nodes) {
    public NodeGroup {
        nodes = List.copyOf(nodes);
    }
}
