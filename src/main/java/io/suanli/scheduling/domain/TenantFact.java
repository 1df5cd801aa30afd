package io.suanli.scheduling.domain;

/** A tenant and its per-hour quotas; a negative quota means none. */
public record TenantFact(int index, String id, long gpuQuota, long cpuQuota) {
    public static final long NO_QUOTA = -1;

    public boolean hasGpuQuota() { return gpuQuota >= 0; }
    public boolean hasCpuQuota() { return cpuQuota >= 0; }

    @Override
    public String toString() { return id; }
}
