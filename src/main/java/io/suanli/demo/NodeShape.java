package io.suanli.demo;

/**
 * The server models of the demo estate, after common configurations (DGX H100 and A100, Atlas
 * 800T A2 with Ascend 910B, L40S inference servers, dual-socket CPU servers).
 */
public enum NodeShape {
    EDGE_L40S(32, 128, 2, "L40S", 8.5, 8.0),
    EDGE_CPU(32, 128, 0, null, 0, 8.0),
    CPU_64(64, 256, 0, null, 0, 7.0),
    CPU_96(96, 384, 0, null, 0, 7.0),
    CPU_128(128, 512, 0, null, 0, 6.5),
    /** HPC nodes are larger than any general node, so CPU gangs wider than 128 cores land here. */
    HPC_192(192, 768, 0, null, 0, 6.0),
    HPC_A100(64, 512, 4, "A100", 15.0, 6.0),
    AI_H100(112, 2048, 8, "H100", 26.0, 5.0),
    AI_A100(128, 1024, 8, "A100", 15.0, 5.0),
    AI_ASCEND(192, 1536, 8, "Ascend910B", 12.5, 5.0),
    AI_L40S(64, 512, 8, "L40S", 8.5, 5.5);

    /** List price of one core-hour and one GiB-hour before the regional and tier factors. */
    static final double CPU_CORE_PRICE = 0.045;
    static final double MEMORY_GIB_PRICE = 0.006;

    public final int cpuCores;
    public final int memoryGiB;
    public final int gpus;
    public final String gpuModel;
    /** List price of one GPU-hour before the regional and tier factors. */
    public final double gpuPrice;
    public final double cpuCoreWatts;

    NodeShape(int cpuCores, int memoryGiB, int gpus, String gpuModel, double gpuPrice, double cpuCoreWatts) {
        this.cpuCores = cpuCores;
        this.memoryGiB = memoryGiB;
        this.gpus = gpus;
        this.gpuModel = gpuModel;
        this.gpuPrice = gpuPrice;
        this.cpuCoreWatts = cpuCoreWatts;
    }

    /** Board power of one busy accelerator (TDP of the model); 0 for CPU-only nodes. */
    public double gpuWatts() {
        if (gpuModel == null) {
            return 0.0;
        }
        return switch (gpuModel) {
            case "H100" -> 700.0;
            case "A100" -> 400.0;
            case "Ascend910B" -> 400.0;
            case "L40S" -> 350.0;
            default -> throw new IllegalStateException("no power figure for " + gpuModel);
        };
    }
}
