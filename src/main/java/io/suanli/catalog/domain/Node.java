package io.suanli.catalog.domain;

/** A machine of a site: its capacity, GPU model, hourly unit prices, power draw and state. */
public record Node(
        String name,
        String site,
        Integer cpuCores,
        Double memoryGiB,
        Integer gpus,
        String gpuModel,
        UnitPrices pricePerHour,
        PowerDraw powerWatts,
        NodeState state) {

    public Node withState(NodeState newState) {
        return new Node(name, site, cpuCores, memoryGiB, gpus, gpuModel, pricePerHour, powerWatts, newState);
    }
}
