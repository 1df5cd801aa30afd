package io.suanli.dashboard.service;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Orders regions east to west as configured; unknown regions follow in name order. */
@Singleton
public class RegionOrder {

    private final List<String> order;

    public RegionOrder(DashboardConfig config) {
        this.order = List.copyOf(config.regionOrder());
    }

    public List<String> sort(Collection<String> regions) {
        List<String> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingInt((String r) -> {
            int i = order.indexOf(r);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Comparator.naturalOrder()));
        return sorted;
    }
}
