package io.suanli.demo;

import io.suanli.demo.EstateIndex.NodeGroup;
import io.suanli.scenario.ScenarioDocument.Job;
import io.suanli.scenario.ScenarioDocument.Site;
import io.suanli.scenario.ScenarioDocument.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;

/** A job being sized against the node group it was drawn for; every rule is kept true for it. */
final class JobDraft {

    private int tasks;
    private int cpuCores;
    private final double memoryGiB;
    private int gpus;
    private final NodeGroup host;
    private int durationHours = 1;
    private int slackHours;
    private boolean flexible;
    private int priority = 1;
    private String dataSite;
    private Double maxLatencyMs;
    private Double bidFactor;
    boolean modelFree;
    List<String> allowedRegions;

    JobDraft(int tasks, int cpuCores, double memoryGiB, int gpus, NodeGroup host) {
        this.tasks = Math.max(1, tasks);
        // never larger than the host: the job must fit the node it was drawn for
        this.cpuCores = Math.max(1, Math.min(cpuCores, host.cpuCores()));
        this.memoryGiB = Math.max(1.0, Math.min(memoryGiB, host.memoryGiB()));
        this.gpus = Math.max(0, Math.min(gpus, host.gpus()));
        this.host = host;
    }

    JobDraft duration(int hours) {
        this.durationHours = Math.max(1, hours);
        return this;
    }

    /** Hours of freedom between the earliest start and the deadline, beyond the duration. */
    JobDraft slack(int hours) {
        this.slackHours = Math.max(0, hours);
        return this;
    }

    /** Any time in the horizon will do: start in its first half, finish by its end. */
    JobDraft flexible() {
        this.flexible = true;
        return this;
    }

    JobDraft priority(int value) {
        this.priority = Math.max(1, value);
        return this;
    }

    /** Data at {@code site}; the bound covers the host's latency plus slack, and at least the minimum. */
    JobDraft dataSite(Site site, double latencyToHostMs, double minimumMs, double slackMs) {
        this.dataSite = site.id();
        this.maxLatencyMs = Math.ceil(Math.max(minimumMs, latencyToHostMs + slackMs) * 2.0) / 2.0;
        return this;
    }

    /** A price cap at {@code factor} times what the job costs on its host (factor >= 1). */
    JobDraft bid(double factor) {
        this.bidFactor = Math.max(1.0, factor);
        return this;
    }

    /** Shrinks the gang (then the task) until the tenant's quotas admit the job. */
    JobDraft withinQuota(Tenant tenant) {
        if (tenant == null) {
            return this;
        }
        if (gpus > 0 && tenant.gpuQuota() != null) {
            gpus = Math.max(1, Math.min(gpus, tenant.gpuQuota()));
            tasks = Math.max(1, Math.min(tasks, tenant.gpuQuota() / gpus));
        }
        if (tenant.cpuQuota() != null) {
            cpuCores = Math.max(1, Math.min(cpuCores, tenant.cpuQuota()));
            tasks = Math.max(1, Math.min(tasks, tenant.cpuQuota() / cpuCores));
        }
        return this;
    }

    Job toJob(String id, String tenant, int horizonHours, SplittableRandom random) {
        int duration = Math.min(durationHours, horizonHours);
        int latestStart = horizonHours - duration;
        int earliest;
        int deadline;
        if (flexible) {
            earliest = random.nextInt(Math.min(horizonHours / 2, latestStart) + 1);
            deadline = horizonHours;
        } else {
            earliest = random.nextInt(latestStart + 1);
            deadline = Math.min(horizonHours, earliest + duration + slackHours);
        }
        String model = gpus == 0 || modelFree ? null : host.gpuModel();
        BigDecimal cap = null;
        if (bidFactor != null) {
            BigDecimal hourly = host.taskPrice(cpuCores, memoryGiB, gpus).multiply(BigDecimal.valueOf(tasks));
            // rounded up to cents, so the cap never falls below the price it was derived from
            cap = hourly.multiply(BigDecimal.valueOf(bidFactor)).setScale(2, RoundingMode.CEILING);
        }
        return new Job(id, tenant, tasks, cpuCores, memoryGiB, gpus, model, duration, earliest, deadline, priority,
                dataSite, maxLatencyMs, allowedRegions, cap, null);
    }
}
