package io.suanli.catalog.domain;

import java.util.List;

/** A whole estate at once, as a scenario carries it; imported all or nothing. */
public record Estate(
        List<Region> regions, List<Site> sites, List<SiteLatency> latencies, List<Node> nodes, List<Tenant> tenants) {}
