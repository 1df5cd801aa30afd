package io.suanli.scheduling.domain;

/**
 * A node: capacity, unit prices per hour and power draw. Memory is also kept in whole MiB
 * (rounded down) so that capacity sums stay integral.
 */
public final class NodeFact {
    private final int index;
    private final String id;
    private final SiteFact site;
    private final int cpuCores;
    private final double memoryGiB;
    private final long memoryMiB;
    private final int gpus;
    private final String gpuModel;
    private final double priceCpuCore;
    private final double priceMemoryGiB;
    private final double priceGpu;
    private final double wattsCpuCore;
    private final double wattsGpu;

    public NodeFact(int index, String id, SiteFact site, int cpuCores, double memoryGiB, int gpus, String gpuModel,
            double priceCpuCore, double priceMemoryGiB, double priceGpu, double wattsCpuCore, double wattsGpu) {
        this.index = index;
        this.id = id;
        this.site = site;
        this.cpuCores = cpuCores;
        this.memoryGiB = memoryGiB;
        this.memoryMiB = Units.capacityMiB(memoryGiB);
        this.gpus = gpus;
        this.gpuModel = gpuModel;
        this.priceCpuCore = priceCpuCore;
        this.priceMemoryGiB = priceMemoryGiB;
        this.priceGpu = priceGpu;
        this.wattsCpuCore = wattsCpuCore;
        this.wattsGpu = wattsGpu;
    }

    public int index() { return index; }
    public String id() { return id; }
    public SiteFact site() { return site; }
    public int cpuCores() { return cpuCores; }
    public double memoryGiB() { return memoryGiB; }
    public long memoryMiB() { return memoryMiB; }
    public int gpus() { return gpus; }
    public String gpuModel() { return gpuModel; }
    public double priceCpuCore() { return priceCpuCore; }
    public double priceMemoryGiB() { return priceMemoryGiB; }
    public double priceGpu() { return priceGpu; }
    public double wattsCpuCore() { return wattsCpuCore; }
    public double wattsGpu() { return wattsGpu; }

    /** Nodes with the same type key are interchangeable for cost, carbon and capacity. */
    public String typeKey() {
        return cpuCores + "/" + memoryMiB + "/" + gpus + "/" + gpuModel + "/" + priceCpuCore + "/" + priceMemoryGiB + "/"
                + priceGpu + "/" + wattsCpuCore + "/" + wattsGpu;
    }

    @Override
    public String toString() { return id; }
}
