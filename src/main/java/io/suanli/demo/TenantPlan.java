package io.suanli.demo;

import io.suanli.scenario.ScenarioDocument.Node;
import io.suanli.scenario.ScenarioDocument.Tenant;
import java.util.List;

/** The city departments that use the exchange, with quotas sized to the estate. */
final class TenantPlan {

    static final String TRANSPORT = "transport";
    static final String HEALTH = "health";
    static final String AI_LAB = "ai-lab";
    static final String TWIN = "twin";
    static final String ECOLOGY = "ecology";
    static final String FINANCE = "finance";

    /** No quota below one full training server, so the largest single task always fits. */
    private static final int MIN_GPU_QUOTA = 16;
    private static final int MIN_CPU_QUOTA = 512;

    private TenantPlan() {}

    /** Quotas as shares of the estate: the AI lab holds the largest GPU share. */
    static List<Tenant> tenants(List<Node> nodes) {
        long gpus = nodes.stream().mapToLong(Node::gpus).sum();
        long cores = nodes.stream().mapToLong(Node::cpuCores).sum();
        return List.of(
                new Tenant(TRANSPORT, gpuQuota(gpus, 0.12), null),
                new Tenant(HEALTH, gpuQuota(gpus, 0.10), null),
                new Tenant(AI_LAB, gpuQuota(gpus, 0.45), null),
                new Tenant(TWIN, gpuQuota(gpus, 0.05), cpuQuota(cores, 0.30)),
                new Tenant(ECOLOGY, gpuQuota(gpus, 0.02), cpuQuota(cores, 0.05)),
                new Tenant(FINANCE, gpuQuota(gpus, 0.03), cpuQuota(cores, 0.25)));
    }

    private static int gpuQuota(long total, double share) {
        return (int) Math.max(MIN_GPU_QUOTA, Math.round(total * share));
    }

    private static int cpuQuota(long total, double share) {
        return (int) Math.max(MIN_CPU_QUOTA, Math.round(total * share));
    }
}
