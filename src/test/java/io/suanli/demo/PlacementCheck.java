package io.suanli.demo;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioDocument.Job;
import io.suanli.scenario.ScenarioDocument.Node;
import io.suanli.scenario.ScenarioDocument.Site;
import io.suanli.scenario.ScenarioDocument.Tenant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, from the scenario rules alone, that a job could be placed on an empty estate: some site
 * passes residency and latency and offers enough task slots of the right model within the bid.
 * Written apart from the generator, so it does not share the generator's mistakes.
 */
final class PlacementCheck {

    private final ScenarioDocument estate;
    private final Map<String, List<Node>> nodesBySite = new HashMap<>();
    private final Map<String, Double> latency = new HashMap<>();
    private final Map<String, Tenant> tenants = new HashMap<>();

    PlacementCheck(ScenarioDocument estate) {
        this.estate = estate;
        estate.nodes().forEach(n -> nodesBySite.computeIfAbsent(n.site(), s -> new ArrayList<>()).add(n));
        estate.latency().forEach(l -> {
            latency.put(l.from() + "|" + l.to(), l.ms());
            latency.put(l.to() + "|" + l.from(), l.ms());
        });
        estate.tenants().forEach(t -> tenants.put(t.id(), t));
    }

    /** Null when the job fits; otherwise why not. */
    String whyNot(Job job) {
        int horizon = estate.horizonHours();
        int earliest = job.earliestStartHour() == null ? 0 : job.earliestStartHour();
        int deadline = job.deadlineHour() == null ? horizon : job.deadlineHour();
        if (job.durationHours() < 1 || earliest + job.durationHours() > deadline || deadline > horizon) {
            return "window";
        }
        Tenant tenant = tenants.get(job.tenant());
        if (tenant == null) {
            return "tenant";
        }
        if (tenant.gpuQuota() != null && job.tasks() * job.gpus() > tenant.gpuQuota()) {
            return "gpu quota";
        }
        if (tenant.cpuQuota() != null && job.tasks() * job.cpuCores() > tenant.cpuQuota()) {
            return "cpu quota";
        }
        for (Site site : estate.sites()) {
            if (fitsAt(job, site)) {
                return null;
            }
        }
        return "no site";
    }

    private boolean fitsAt(Job job, Site site) {
        if (job.allowedRegions() != null && !job.allowedRegions().contains(site.region())) {
            return false;
        }
        if (job.dataSite() != null && job.maxLatencyMs() != null) {
            double ms = job.dataSite().equals(site.id())
                    ? 0.0
                    : latency.getOrDefault(job.dataSite() + "|" + site.id(), Double.POSITIVE_INFINITY);
            if (ms > job.maxLatencyMs()) {
                return false;
            }
        }
        // task slots on this site, cheapest first, several tasks per node where they fit
        List<BigDecimal> slotPrices = new ArrayList<>();
        for (Node node : nodesBySite.getOrDefault(site.id(), List.of())) {
            int slots = slotsOn(node, job);
            BigDecimal price = node.pricePerHour().cpuCore().multiply(BigDecimal.valueOf(job.cpuCores()))
                    .add(node.pricePerHour().memoryGiB().multiply(BigDecimal.valueOf(job.memoryGiB())))
                    .add(node.pricePerHour().gpu().multiply(BigDecimal.valueOf(job.gpus())));
            for (int i = 0; i < slots && slotPrices.size() < 10_000; i++) {
                slotPrices.add(price);
            }
        }
        if (slotPrices.size() < job.tasks()) {
            return false;
        }
        if (job.maxPricePerHour() == null) {
            return true;
        }
        slotPrices.sort(null);
        BigDecimal total = slotPrices.subList(0, job.tasks()).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return total.compareTo(job.maxPricePerHour()) <= 0;
    }

    private static int slotsOn(Node node, Job job) {
        if (job.gpus() > 0 && job.gpuModel() != null && !job.gpuModel().equals(node.gpuModel())) {
            return 0;
        }
        int slots = Math.min(node.cpuCores() / job.cpuCores(), (int) Math.floor(node.memoryGiB() / job.memoryGiB()));
        if (job.gpus() > 0) {
            slots = Math.min(slots, node.gpus() / job.gpus());
        }
        return Math.max(0, slots);
    }
}
