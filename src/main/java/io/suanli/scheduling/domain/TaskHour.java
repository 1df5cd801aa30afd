package io.suanli.scheduling.domain;

/** One task of a job running on a node in one hour (tasks sharing a node give equal, separate items). */
public record TaskHour(JobFact job, int task, NodeHour nodeHour) {
    public long cpuCores() { return job.cpuCores(); }
    public long memoryMiB() { return job.memoryMiB(); }
    public long gpus() { return job.gpus(); }
    public TenantHour tenantHour() { return new TenantHour(job.tenant(), nodeHour.hour()); }
}
