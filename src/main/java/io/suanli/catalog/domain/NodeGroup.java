package io.suanli.catalog.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code count} nodes of one site that share capacity, GPU model and prices; {@code sample} is one
 * of them. The prices are also kept as doubles for quick estimates; money stays exact elsewhere.
 */
public record NodeGroup(Node sample, int count, double cpuCorePrice, double memoryGiBPrice, double gpuPrice) {

    public NodeGroup(Node sample, int count) {
        this(sample, count, sample.pricePerHour().cpuCore().doubleValue(),
                sample.pricePerHour().memoryGiB().doubleValue(), sample.pricePerHour().gpu().doubleValue());
    }

    /** Groups nodes by what makes them interchangeable for a job (state and name aside). */
    public static List<NodeGroup> of(List<Node> nodes) {
        Map<List<Object>, int[]> counts = new LinkedHashMap<>();
        Map<List<Object>, Node> samples = new LinkedHashMap<>();
        for (Node n : nodes) {
            List<Object> key = java.util.Arrays.asList(n.cpuCores(), n.memoryGiB(), n.gpus(), n.gpuModel(),
                    n.pricePerHour().cpuCore().stripTrailingZeros(), n.pricePerHour().memoryGiB().stripTrailingZeros(),
                    n.pricePerHour().gpu().stripTrailingZeros());
            counts.computeIfAbsent(key, k -> new int[1])[0]++;
            samples.putIfAbsent(key, n);
        }
        List<NodeGroup> groups = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> groups.add(new NodeGroup(Objects.requireNonNull(samples.get(key)), count[0])));
        return groups;
    }
}
