package io.suanli.dashboard.service;

import io.suanli.catalog.domain.Node;
import io.suanli.dashboard.model.EstateSnapshot.Prices;
import java.util.Arrays;
import java.util.List;

/**
 * Average unit prices of a site and its price level against the city's median site. Display
 * figures only: charges are computed from the exact prices stored with each plan.
 */
final class PriceLevels {

    /** Within 10 % of the median is "medium". */
    private static final double BAND = 0.10;

    private PriceLevels() {}

    static Prices averages(List<Node> nodes) {
        if (nodes.isEmpty()) {
            return new Prices(0, 0, null);
        }
        double gpuSum = 0;
        int gpuNodes = 0;
        for (Node n : nodes) {
            if (n.gpus() > 0) {
                gpuSum += n.pricePerHour().gpu().doubleValue();
                gpuNodes++;
            }
        }
        return new Prices(averageCpuPrice(nodes),
                nodes.stream().mapToDouble(n -> n.pricePerHour().memoryGiB().doubleValue()).average().orElse(0),
                gpuNodes == 0 ? null : gpuSum / gpuNodes);
    }

    static double averageCpuPrice(List<Node> nodes) {
        return nodes.stream().mapToDouble(n -> n.pricePerHour().cpuCore().doubleValue()).average().orElse(0);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** LOW, MEDIUM or HIGH against the median CPU price of the city's sites. */
    static String level(double price, double median) {
        if (median <= 0) {
            return "MEDIUM";
        }
        if (price < median * (1 - BAND)) {
            return "LOW";
        }
        return price > median * (1 + BAND) ? "HIGH" : "MEDIUM";
    }
}
