package io.suanli.jobs.domain;

import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeGroup;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.Tenant;
import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses at submission a job that no part of the estate could ever run, with the reason a
 * person can act on. It narrows the candidate sites rule by rule (residency, latency, GPU model
 * and size, gang size, price) and reports the rule that left none.
 */
public final class Admission {

    private static final double PRICE_TOLERANCE = 1e-6;

    private Admission() {}

    public static void check(JobSpec spec, EstateView estate) {
        Violations v = new Violations();
        Tenant tenant = estate.tenant(spec.tenant());
        if (tenant == null) {
            v.add("tenant", "unknown tenant '" + spec.tenant() + "'");
        }
        if (spec.dataSite() != null && estate.site(spec.dataSite()) == null) {
            v.add("dataSite", "unknown site '" + spec.dataSite() + "'");
        }
        for (int i = 0; i < spec.allowedRegions().size(); i++) {
            if (estate.region(spec.allowedRegions().get(i)) == null) {
                v.add("allowedRegions[" + i + "]", "unknown region '" + spec.allowedRegions().get(i) + "'");
            }
        }
        v.throwIfAny();
        String reason = null;
        if (tenant.gpuQuota() != null && (long) spec.gpus() * spec.tasks() > tenant.gpuQuota()) {
            reason = "gpus: " + spec.tasks() + " tasks x " + spec.gpus() + " GPUs exceed tenant '" + tenant.name()
                    + "' GPU quota of " + tenant.gpuQuota();
        }
        if (reason == null && tenant.cpuQuota() != null && (long) spec.cpuCores() * spec.tasks() > tenant.cpuQuota()) {
            reason = "cpuCores: " + spec.tasks() + " tasks x " + spec.cpuCores() + " cores exceed tenant '" + tenant.name()
                    + "' CPU quota of " + tenant.cpuQuota();
        }
        if (reason == null) {
            reason = whyNowhere(spec, estate);
        }
        if (reason != null) {
            String field = reason.substring(0, reason.indexOf(':'));
            String message = reason.substring(field.length() + 2);
            throw new InfeasibleJobException("no part of the estate could ever run this job: " + reason,
                    List.of(new FieldError(field, message)));
        }
    }

    /** Null when some site could run the job, else the first rule that rules out every site. */
    static String whyNowhere(JobSpec spec, EstateView estate) {
        List<Site> sites = new ArrayList<>(estate.sites());
        if (!spec.allowedRegions().isEmpty()) {
            sites.removeIf(s -> !spec.allowedRegions().contains(s.region()));
            if (sites.isEmpty()) {
                return "allowedRegions: no site in regions " + spec.allowedRegions();
            }
        }
        if (spec.maxLatencyMs() != null) {
            sites.removeIf(s -> {
                Double ms = estate.latencyMs(spec.dataSite(), s.name());
                return ms == null || ms > spec.maxLatencyMs();
            });
            if (sites.isEmpty()) {
                return "maxLatencyMs: no allowed site within " + spec.maxLatencyMs() + " ms of " + spec.dataSite();
            }
        }
        if (spec.gpus() > 0) {
            sites.removeIf(s -> estate.nodeGroupsOf(s.name()).stream().noneMatch(g -> gpuModelFits(spec, g.sample())));
            if (sites.isEmpty()) {
                return "gpuModel: no allowed site has " + (spec.gpuModel() == null ? "GPU" : spec.gpuModel()) + " nodes";
            }
            sites.removeIf(s -> estate.nodeGroupsOf(s.name()).stream().noneMatch(g -> gpuModelFits(spec, g.sample()) && g.sample().gpus() >= spec.gpus()));
            if (sites.isEmpty()) {
                return "gpus: no allowed node has " + spec.gpus() + " " + (spec.gpuModel() == null ? "" : spec.gpuModel() + " ")
                        + "GPUs per task";
            }
        }
        sites.removeIf(s -> estate.nodeGroupsOf(s.name()).stream().noneMatch(g -> fits(spec, g.sample())));
        if (sites.isEmpty()) {
            return "cpuCores: no allowed node has " + spec.cpuCores() + " cores and " + spec.memoryGiB() + " GiB for one task";
        }
        sites.removeIf(s -> gangCapacity(spec, estate.nodeGroupsOf(s.name())) < spec.tasks());
        if (sites.isEmpty()) {
            return "tasks: no allowed site can hold all " + spec.tasks() + " tasks of the gang at once";
        }
        if (spec.maxPricePerHour() != null) {
            double cheapest = sites.stream()
                    .mapToDouble(s -> cheapestGangPrice(spec, estate.nodeGroupsOf(s.name())))
                    .min()
                    .orElseThrow();
            // Refuse only beyond rounding noise: the scheduler checks the cap exactly on the chosen nodes.
            if (cheapest > spec.maxPricePerHour().doubleValue() + PRICE_TOLERANCE) {
                return "maxPricePerHour: " + spec.maxPricePerHour().toPlainString() + " per hour is below the cheapest offer, "
                        + BigDecimal.valueOf(cheapest).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
                        + " per hour";
            }
        }
        return null;
    }

    /**
     * The least the job could cost: its wall time on the cheapest fitting nodes of any site it may
     * run at (residency, latency, shape and gang size allowed), or null when no site could run it.
     * Budgets are checked against it at submission.
     */
    public static BigDecimal cheapestCost(JobSpec spec, EstateView estate) {
        double cheapest = Double.MAX_VALUE;
        for (Site s : estate.sites()) {
            if (!spec.allowedRegions().isEmpty() && !spec.allowedRegions().contains(s.region())) {
                continue;
            }
            if (spec.maxLatencyMs() != null) {
                Double ms = estate.latencyMs(spec.dataSite(), s.name());
                if (ms == null || ms > spec.maxLatencyMs()) {
                    continue;
                }
            }
            List<NodeGroup> groups = estate.nodeGroupsOf(s.name());
            if (gangCapacity(spec, groups) >= spec.tasks()) {
                cheapest = Math.min(cheapest, cheapestGangPrice(spec, groups));
            }
        }
        if (cheapest == Double.MAX_VALUE) {
            return null;
        }
        return BigDecimal.valueOf(cheapest).multiply(BigDecimal.valueOf(spec.durationHours()));
    }

    static boolean gpuModelFits(JobSpec spec, Node node) {
        return spec.gpus() == 0 || (node.gpus() > 0 && (spec.gpuModel() == null || spec.gpuModel().equals(node.gpuModel())));
    }

    static boolean fits(JobSpec spec, Node node) {
        return gpuModelFits(spec, node)
                && node.gpus() >= spec.gpus()
                && node.cpuCores() >= spec.cpuCores()
                && node.memoryGiB() >= spec.memoryGiB();
    }

    /** How many tasks of the job the nodes could hold together, several per node where they fit. */
    static long gangCapacity(JobSpec spec, List<NodeGroup> groups) {
        long total = 0;
        for (NodeGroup group : groups) {
            Node n = group.sample();
            if (!fits(spec, n)) {
                continue;
            }
            long perNode = Long.MAX_VALUE;
            if (spec.cpuCores() > 0) {
                perNode = Math.min(perNode, n.cpuCores() / spec.cpuCores());
            }
            if (spec.memoryGiB() > 0) {
                perNode = Math.min(perNode, (long) Math.floor(n.memoryGiB() / spec.memoryGiB()));
            }
            if (spec.gpus() > 0) {
                perNode = Math.min(perNode, n.gpus() / spec.gpus());
            }
            total += Math.min(perNode, spec.tasks()) * group.count();
            if (total >= spec.tasks()) {
                return total;
            }
        }
        return total;
    }

    /** The hourly price of the whole gang on the cheapest fitting nodes of one site. */
    static double cheapestGangPrice(JobSpec spec, List<NodeGroup> groups) {
        double cheapest = Double.MAX_VALUE;
        for (NodeGroup group : groups) {
            Node n = group.sample();
            if (fits(spec, n)) {
                cheapest = Math.min(cheapest, group.cpuCorePrice() * spec.cpuCores()
                        + group.memoryGiBPrice() * spec.memoryGiB()
                        + group.gpuPrice() * spec.gpus());
            }
        }
        return cheapest * spec.tasks();
    }
}
