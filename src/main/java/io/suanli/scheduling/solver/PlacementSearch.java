package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.NodeGroup;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SiteFact;
import io.suanli.scheduling.domain.Units;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the cheapest feasible placement of one job against the live occupancy: for one (site,
 * start) it fills the gang from the cheapest interchangeable node group first; over all options it
 * visits (site, start) pairs in order of a lower bound on their cost and stops once no remaining
 * option can be cheaper. Every placement it returns keeps every hard rule.
 */
public final class PlacementSearch {
    private static final int OPTION_BITS = 21;
    private static final int BEST_FIT_LIMIT = 64;
    /**
     * Node-hours one {@link #best} may inspect. On a saturated city most options fail only after a
     * scan of their site; the budget keeps one search bounded (it never cuts a small scenario).
     */
    private static final long WORK_BUDGET = 200_000;
    private static final long MAX_BOUND = (1L << (63 - OPTION_BITS)) - 1;

    private final ScheduleState state;
    private final PlanningSnapshot snapshot;
    private long[] keys = new long[1024];
    private long work;
    private boolean excludeGpuNodes;
    private boolean earliestFirst;

    /**
     * Earliest-start mode: options are visited by start hour (then by cost) and the first feasible
     * one is taken. Packs the horizon tightly, like a queue scheduler.
     */
    public void setEarliestFirst(boolean earliestFirst) { this.earliestFirst = earliestFirst; }
    private long[] fixedPart = new long[8];
    private double[] carbonPart = new double[8];
    private NodeFact[] groupRep = new NodeFact[8];

    public PlacementSearch(ScheduleState state) {
        this.state = state;
        this.snapshot = state.snapshot();
    }

    /** The cheapest feasible placement over all sites and starts, or null. */
    public Placement best(JobFact job) {
        return best(job, false);
    }

    /**
     * Like {@link #best(JobFact)}; with {@code protectGpuNodes} a job without GPUs first looks only
     * at nodes without GPUs, and takes a GPU node only when no CPU node is free. Cheap CPU cores on
     * GPU nodes otherwise lure CPU work there and strand the GPUs (seen on the trace scenarios).
     */
    public Placement best(JobFact job, boolean protectGpuNodes) {
        if (protectGpuNodes && job.gpus() == 0) {
            excludeGpuNodes = true;
            try {
                Placement p = search(job);
                if (p != null) return p;
            } finally {
                excludeGpuNodes = false;
            }
        }
        return search(job);
    }

    private Placement search(JobFact job) {
        int[] sites = snapshot.candidateSites(job);
        int first = Math.max(0, job.earliestStartHour()), last = job.latestStartHour();
        if (sites.length == 0 || last < first) return null;
        int starts = last - first + 1;
        int options = sites.length * starts;
        if (keys.length < options) keys = new long[Math.max(options, keys.length * 2)];
        int n = 0;
        double carbonPerIntensity = snapshot.carbonPricePerTonne() / 1e6 * Units.MICROS;
        boolean contention = snapshot.hasContentionPrices();
        for (int si = 0; si < sites.length; si++) {
            SiteFact site = snapshot.sites().get(sites[si]);
            // per hostable node group: fixed price part and carbon part per unit of intensity sum
            int g = 0;
            for (NodeGroup group : site.groups()) {
                NodeFact rep = group.representative();
                if (!hostable(job, rep)) continue;
                if (fixedPart.length <= g) growParts();
                groupRep[g] = rep;
                fixedPart[g] = Units.micros(job.durationHours() * snapshot.taskHourlyPrice(job, rep));
                carbonPart[g] = snapshot.taskKw(job, rep) * carbonPerIntensity;
                g++;
            }
            for (int s = first; s <= last; s++) {
                long bound = MAX_BOUND;
                if (g > 0) {
                    double intensity = snapshot.intensitySum(site.region(), s, job.durationHours());
                    long min = Long.MAX_VALUE;
                    for (int q = 0; q < g; q++) {
                        long part = fixedPart[q] + (long) (carbonPart[q] * intensity);
                        if (contention) part += snapshot.contentionMicros(job, groupRep[q], s);
                        min = Math.min(min, part);
                    }
                    bound = Math.min(MAX_BOUND, Math.max(0, min - 1) * job.tasks());
                }
                if (earliestFirst) bound = ((long) (s - first) << 33) | Math.min((1L << 33) - 1, bound >>> 10);
                keys[n++] = (bound << OPTION_BITS) | ((long) si * starts + (s - first));
            }
        }
        Arrays.sort(keys, 0, n);
        work = 0;
        Placement best = null;
        byte[] quota = new byte[starts];
        for (int k = 0; k < n; k++) {
            long bound = keys[k] >>> OPTION_BITS;
            if (best != null && bound >= best.totalMicros()) break;
            if (work > WORK_BUDGET) break;
            int opt = (int) (keys[k] & ((1L << OPTION_BITS) - 1));
            int s = first + opt % starts;
            if (quota[s - first] == 0) quota[s - first] = (byte) (state.quotaFits(job, s) ? 1 : 2);
            if (quota[s - first] == 2) continue;
            SiteFact site = snapshot.sites().get(sites[opt / starts]);
            Placement p = bestAtUnchecked(job, site, s);
            if (p != null && (best == null || p.totalMicros() < best.totalMicros())) best = p;
            if (earliestFirst && best != null) break;
        }
        return best;
    }

    private boolean hostable(JobFact job, NodeFact node) {
        return PlanningSnapshot.nodeCanHostTask(job, node) && !(excludeGpuNodes && node.gpus() > 0);
    }

    private void growParts() {
        fixedPart = Arrays.copyOf(fixedPart, fixedPart.length * 2);
        carbonPart = Arrays.copyOf(carbonPart, carbonPart.length * 2);
        groupRep = Arrays.copyOf(groupRep, groupRep.length * 2);
    }

    /** The cheapest feasible placement at one site and start, or null. */
    public Placement bestAt(JobFact job, SiteFact site, int start) {
        if (start < job.earliestStartHour() || start > job.latestStartHour() || start < 0) return null;
        if (!job.regionAllowed(site.region()) || !job.latencyAllowed(site)) return null;
        if (!state.quotaFits(job, start)) return null;
        return bestAtUnchecked(job, site, start);
    }

    private Placement bestAtUnchecked(JobFact job, SiteFact site, int start) {
        if (!state.siteMayFit(job, site, start)) return null;
        List<NodeGroup> groups = new ArrayList<>(site.groups().size());
        for (NodeGroup g : site.groups()) if (hostable(job, g.representative())) groups.add(g);
        if (groups.isEmpty()) return null;
        if (groups.size() > 1) {
            groups.sort((a, b) -> Long.compare(snapshot.taskTotalMicros(job, a.representative(), start),
                    snapshot.taskTotalMicros(job, b.representative(), start)));
        }
        Placement p = fill(job, groups, start);
        if (p != null && !job.priceWithinCap(p.hourlyPrice()) && groups.size() > 1) {
            groups.sort((a, b) -> Double.compare(snapshot.taskHourlyPrice(job, a.representative()),
                    snapshot.taskHourlyPrice(job, b.representative())));
            p = fill(job, groups, start);
        }
        return p != null && job.priceWithinCap(p.hourlyPrice()) ? p : null;
    }

    /**
     * Fills the gang group by group (cheapest first). Within a small group the tightest nodes come
     * first (best fit, keeping whole nodes free for later gangs); a large group is filled first-fit
     * so that one search never scans thousands of node-hours.
     */
    private Placement fill(JobFact job, List<NodeGroup> groups, int start) {
        int remaining = job.tasks();
        List<NodeFact> chosen = new ArrayList<>(remaining);
        for (NodeGroup g : groups) {
            List<NodeFact> nodes = g.nodes();
            if (nodes.size() <= BEST_FIT_LIMIT) {
                int n = nodes.size();
                long[] keys = new long[n];
                int k = 0;
                work += (long) n * job.durationHours();
                for (int i = 0; i < n; i++) {
                    int fit = state.tasksFit(job, nodes.get(i), start);
                    if (fit == 0) continue;
                    keys[k++] = ((long) state.slack(job, nodes.get(i), start) << 20) | i;
                }
                Arrays.sort(keys, 0, k);
                for (int q = 0; q < k && remaining > 0; q++) {
                    NodeFact node = nodes.get((int) (keys[q] & 0xFFFFF));
                    int fit = state.tasksFit(job, node, start);
                    for (int t = 0; t < fit && remaining > 0; t++, remaining--) chosen.add(node);
                }
            } else {
                for (NodeFact node : nodes) {
                    work += job.durationHours();
                    int fit = state.tasksFit(job, node, start);
                    for (int t = 0; t < fit && remaining > 0; t++, remaining--) chosen.add(node);
                    if (remaining == 0) break;
                }
            }
            if (remaining == 0) return Placement.of(snapshot, job, start, chosen);
        }
        return null;
    }
}
