package io.suanli.scheduling.explain;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.NodeGroup;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import io.suanli.scheduling.domain.SiteFact;
import io.suanli.scheduling.domain.TenantFact;
import io.suanli.scheduling.solver.PlacementSearch;
import io.suanli.scheduling.solver.ScheduleState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Explains any job of any plan: rebuilds the plan's occupancy without the job, then asks each
 * site what the job would meet there. Read-only on the plan; costs one occupancy build per call
 *; reuse one explainer for many jobs of the same plan.
 */
public final class PlacementExplainer {
    private final SchedulePlan plan;
    private final PlanningSnapshot snapshot;
    private final ScheduleState state;

    public PlacementExplainer(SchedulePlan plan) {
        this.plan = plan;
        this.snapshot = plan.getSnapshot();
        this.state = ScheduleState.of(plan);
    }

    /** Explains one job, comparing with up to {@code maxAlternatives} other sites (cheapest first). */
    public JobExplanation explain(String jobId, int maxAlternatives) {
        JobFact job = snapshot.job(jobId);
        if (job == null) throw new IllegalArgumentException("unknown job " + jobId);
        JobAssignment a = plan.getAssignments().stream().filter(x -> x.getJob() == job).findFirst().orElseThrow();
        Placement current = a.getPlacement();
        state.remove(a);
        try {
            return current == null ? explainUnplaced(job, maxAlternatives) : explainPlaced(job, current, maxAlternatives);
        } finally {
            state.add(a);
        }
    }

    private JobExplanation explainPlaced(JobFact job, Placement p, int max) {
        JobExplanation.Figures mine = figures(job, p);
        List<JobExplanation.Alternative> alts = new ArrayList<>();
        for (SiteFact site : sitesByCheapness(job)) {
            if (site == p.site()) continue;
            if (alts.size() >= max) break;
            alts.add(alternative(job, site, mine));
        }
        SiteFact site = p.site();
        return new JobExplanation(job.id(), true,
                new JobExplanation.Where(site.id(), site.region().id(), p.nodes().stream().map(NodeFact::id).toList(),
                        p.startHour(), p.startHour() + job.durationHours()),
                mine, List.of(), alts);
    }

    private JobExplanation explainUnplaced(JobFact job, int max) {
        Set<String> reasons = new LinkedHashSet<>();
        if (job.latestStartHour() < job.earliestStartHour()) {
            reasons.add("window too short: " + job.durationHours() + " h between hour " + job.earliestStartHour() + " and deadline " + job.deadlineHour());
        }
        List<JobExplanation.Alternative> alts = new ArrayList<>();
        for (SiteFact site : sitesByCheapness(job)) {
            JobExplanation.Alternative alt = alternative(job, site, null);
            if (alt.ruledOutBy() != null) reasons.add(site.id() + ": " + alt.ruledOutBy());
            else reasons.add(site.id() + ": would fit at hour " + alt.startHour() + " (the plan left it out for higher-priority work)");
            if (alts.size() < max) alts.add(alt);
        }
        return new JobExplanation(job.id(), false, null, null, List.copyOf(reasons), alts);
    }

    private JobExplanation.Alternative alternative(JobFact job, SiteFact site, JobExplanation.Figures mine) {
        String rule = staticRule(job, site);
        if (rule == null) {
            PlacementSearch search = state.search();
            Placement best = null;
            for (int s = Math.max(0, job.earliestStartHour()); s <= job.latestStartHour(); s++) {
                Placement p = search.bestAt(job, site, s);
                if (p != null && (best == null || p.totalMicros() < best.totalMicros())) best = p;
            }
            if (best != null) {
                JobExplanation.Figures f = figures(job, best);
                return new JobExplanation.Alternative(site.id(), site.region().id(), null, best.startHour(), f,
                        mine == null ? null : round(f.total() - mine.total()), mine == null ? null : round(f.carbonKg() - mine.carbonKg()));
            }
            rule = dynamicRule(job, site);
        }
        return new JobExplanation.Alternative(site.id(), site.region().id(), rule, null, null, null, null);
    }

    /** The first rule that rules out the site whatever else runs: residency, latency, model, size, price. */
    private String staticRule(JobFact job, SiteFact site) {
        if (!job.regionAllowed(site.region())) return "region " + site.region().id() + " not allowed";
        if (!job.latencyAllowed(site)) {
            double l = site.latencyMsTo(job.dataSite());
            return Double.isNaN(l)
                    ? "no route to " + job.dataSite().id()
                    : String.format(Locale.ROOT, "latency %s ms > %s ms from %s", num(l), num(job.maxLatencyMs()), job.dataSite().id());
        }
        boolean model = false, size = false;
        double cheapest = Double.MAX_VALUE;
        for (NodeGroup g : site.groups()) {
            NodeFact n = g.representative();
            if (!job.gpuModelFits(n)) continue;
            model = true;
            if (!PlanningSnapshot.nodeCanHostTask(job, n)) continue;
            size = true;
            cheapest = Math.min(cheapest, snapshot.taskHourlyPrice(job, n));
        }
        if (!model) return "no " + job.gpuModel() + " node";
        if (!size) return String.format(Locale.ROOT, "no node holds one task (%d cores, %s GiB, %d GPUs)", job.cpuCores(), num(job.memoryGiB()), job.gpus());
        if (!job.priceWithinCap(cheapest * job.tasks())) {
            return String.format(Locale.ROOT, "price %s/h > cap %s/h", num(cheapest * job.tasks()), num(job.maxPricePerHour()));
        }
        if (job.latestStartHour() < Math.max(0, job.earliestStartHour())) return "window too short";
        return null;
    }

    /** Why no start works at a site that passes the static rules: the tenant quota or the free capacity. */
    private String dynamicRule(JobFact job, SiteFact site) {
        int first = Math.max(0, job.earliestStartHour()), lastHour = job.deadlineHour() - 1;
        boolean anyQuotaStart = false;
        for (int s = first; s <= job.latestStartHour(); s++) anyQuotaStart |= state.quotaFits(job, s);
        if (!anyQuotaStart) {
            TenantFact t = job.tenant();
            int from = -1, to = -1;
            boolean gpu = false;
            for (int h = first; h <= lastHour; h++) {
                long[] use = state.tenantUse(t, h);
                boolean overGpu = t.hasGpuQuota() && use[1] + (long) job.gpus() * job.tasks() > t.gpuQuota();
                boolean overCpu = t.hasCpuQuota() && use[0] + (long) job.cpuCores() * job.tasks() > t.cpuQuota();
                if (overGpu || overCpu) {
                    if (from < 0) from = h;
                    to = h;
                    gpu |= overGpu;
                }
            }
            return "over tenant " + (gpu ? "GPU" : "CPU") + " quota in hours " + from + "-" + to;
        }
        String what = job.gpus() > 0
                ? (job.gpuModel() != null ? job.gpuModel() : "GPU") + " (" + job.tasks() + " x " + job.gpus() + ")"
                : "room for " + job.tasks() + " x " + job.cpuCores() + " cores / " + num(job.memoryGiB()) + " GiB";
        return "no " + what + " free in hours " + first + "-" + lastHour;
    }

    private List<SiteFact> sitesByCheapness(JobFact job) {
        List<SiteFact> sites = new ArrayList<>(snapshot.sites());
        sites.sort(Comparator.comparingDouble((SiteFact s) -> cheapestTask(job, s)).thenComparingInt(SiteFact::index));
        return sites;
    }

    private double cheapestTask(JobFact job, SiteFact site) {
        double min = Double.MAX_VALUE;
        int start = Math.max(0, job.earliestStartHour());
        for (NodeGroup g : site.groups()) {
            if (PlanningSnapshot.nodeCanHostTask(job, g.representative())) {
                min = Math.min(min, snapshot.taskTotalMicros(job, g.representative(), start));
            }
        }
        boolean allowed = job.regionAllowed(site.region()) && job.latencyAllowed(site);
        return allowed ? min : Double.MAX_VALUE / 2 + min / 4;
    }

    private JobExplanation.Figures figures(JobFact job, Placement p) {
        double hourly = 0, cost = 0, energy = 0, carbon = 0;
        for (NodeFact n : p.nodes()) {
            double hp = snapshot.taskHourlyPrice(job, n);
            hourly += hp;
            cost += job.durationHours() * hp;
            double kw = snapshot.taskKw(job, n);
            for (int h = p.startHour(); h < p.startHour() + job.durationHours(); h++) {
                energy += kw;
                carbon += kw * n.site().region().intensityAt(h) / 1000.0;
            }
        }
        double carbonCost = carbon / 1000.0 * snapshot.carbonPricePerTonne();
        return new JobExplanation.Figures(round(hourly), round(cost), round(energy), round(carbon), round(carbonCost), round(cost + carbonCost));
    }

    private static double round(double d) { return Math.round(d * 1e6) / 1e6; }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
