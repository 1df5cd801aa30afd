package io.suanli.scheduling.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of the estate, the waiting jobs and the pinned jobs that one solve plans
 * against. Built from a scenario file or programmatically (a live service builds it from its
 * database); never changes while the solver runs. Also holds the cost and carbon arithmetic.
 */
public final class PlanningSnapshot {
    private final String name;
    private final int horizonHours;
    private final double carbonPricePerTonne;
    private final List<RegionFact> regions;
    private final List<SiteFact> sites;
    private final List<NodeFact> nodes;
    private final List<TenantFact> tenants;
    private final List<JobFact> jobs;
    private final double[][] latencyMs;
    private final double[][] intensityPrefix;
    private final Map<String, SiteFact> siteById;
    private final Map<String, NodeFact> nodeById;
    private final Map<String, JobFact> jobById;
    private final int[][] candidateSites;
    /** Null at true prices; see {@link #withContentionPrices}. */
    private final ContentionPrices contention;
    private final PlanningSnapshot truePrices;

    private PlanningSnapshot(Builder b) {
        this.name = b.name;
        this.horizonHours = b.horizonHours;
        this.carbonPricePerTonne = b.carbonPricePerTonne;
        this.regions = List.copyOf(b.regions.values());
        this.sites = List.copyOf(b.sites.values());
        this.nodes = List.copyOf(b.nodes.values());
        this.tenants = List.copyOf(b.tenants.values());
        this.jobs = List.copyOf(b.jobs);
        this.siteById = Map.copyOf(b.sites);
        this.nodeById = Map.copyOf(b.nodes);
        Map<String, JobFact> jm = new HashMap<>();
        for (JobFact j : jobs) jm.put(j.id(), j);
        this.jobById = Map.copyOf(jm);
        int s = sites.size();
        this.latencyMs = new double[s][s];
        for (double[] row : latencyMs) Arrays.fill(row, Double.NaN);
        for (int i = 0; i < s; i++) latencyMs[i][i] = 0;
        for (Builder.Lat l : b.latencies) {
            latencyMs[l.a()][l.b()] = l.ms();
            latencyMs[l.b()][l.a()] = l.ms();
        }
        this.intensityPrefix = new double[regions.size()][horizonHours + 1];
        for (RegionFact r : regions) {
            for (int h = 0; h < horizonHours; h++) {
                intensityPrefix[r.index()][h + 1] = intensityPrefix[r.index()][h] + r.intensityAt(h);
            }
        }
        for (SiteFact site : sites) {
            site.freeze();
            site.setLatencyRow(latencyMs[site.index()]);
        }
        this.candidateSites = new int[jobs.size()][];
        for (JobFact j : jobs) candidateSites[j.index()] = computeCandidateSites(j);
        this.contention = null;
        this.truePrices = this;
    }

    /**
     * A snapshot of {@code base}'s estate and tenants (shared: same objects, same indices) with the
     * given jobs and, unless {@code contention} is null, contention surcharges on its prices.
     */
    private PlanningSnapshot(PlanningSnapshot base, List<JobFact> jobs, Map<String, JobFact> jobById, int[][] candidateSites,
            ContentionPrices contention) {
        this.name = base.name;
        this.horizonHours = base.horizonHours;
        this.carbonPricePerTonne = base.carbonPricePerTonne;
        this.regions = base.regions;
        this.sites = base.sites;
        this.nodes = base.nodes;
        this.tenants = base.tenants;
        this.jobs = jobs;
        this.siteById = base.siteById;
        this.nodeById = base.nodeById;
        this.jobById = jobById;
        this.latencyMs = base.latencyMs;
        this.intensityPrefix = base.intensityPrefix;
        this.candidateSites = candidateSites;
        this.contention = contention;
        this.truePrices = contention == null ? this : base;
    }

    /**
     * This snapshot with every task's total (and so a plan's soft score) raised by a
     * {@link ContentionPrices contention surcharge} of the given weight: the same facts, the same
     * rules, only what counts as cheap differs. A guide for the search, never a result: a plan made
     * here is re-priced on {@link #truePrices()} before it is reported.
     */
    public PlanningSnapshot withContentionPrices(double weight) {
        return withContentionPrices(weight, null);
    }

    /** Like {@link #withContentionPrices(double)}, each job's demand counted {@code jobWeights[job index]} times. */
    public PlanningSnapshot withContentionPrices(double weight, double[] jobWeights) {
        PlanningSnapshot base = truePrices;
        return new PlanningSnapshot(base, base.jobs, base.jobById, base.candidateSites,
                new ContentionPrices(base, weight, jobWeights == null ? null : jobWeights.clone()));
    }

    /** The snapshot at true prices: this one, unless it carries contention surcharges. */
    public PlanningSnapshot truePrices() { return truePrices; }

    /** Whether task totals here include contention surcharges. */
    public boolean hasContentionPrices() { return contention != null; }

    /**
     * This snapshot with more jobs: the estate, the tenants and every job already here are shared
     * (same objects, same indices), so a plan of this snapshot is a plan of the new one with the
     * added jobs unplaced. Costs a copy of the job list instead of a rebuild of every fact: how the
     * live scheduler takes in new submissions between full snapshots. The jobs' tenants must be
     * known here (a new tenant needs a full build). The new snapshot is at true prices.
     */
    public PlanningSnapshot withJobs(List<JobSpec> added) {
        Map<String, RegionFact> regionById = new HashMap<>();
        for (RegionFact r : regions) regionById.put(r.id(), r);
        Map<String, TenantFact> tenantById = new HashMap<>();
        for (TenantFact t : tenants) tenantById.put(t.id(), t);
        List<JobFact> facts = new ArrayList<>(added.size());
        Set<String> seen = new HashSet<>();
        for (JobSpec spec : added) {
            if (jobById.containsKey(spec.id()) || !seen.add(spec.id())) throw new IllegalArgumentException("duplicate job id " + spec.id());
            TenantFact tenant = tenantById.get(spec.tenant());
            if (tenant == null) throw new IllegalArgumentException("job " + spec.id() + ": tenant " + spec.tenant() + " is not in this snapshot");
            JobFact j = Builder.jobFact(jobs.size() + facts.size(), spec, tenant, regionById, siteById, nodeById, horizonHours);
            facts.add(j);
        }
        List<JobFact> all = new ArrayList<>(jobs.size() + facts.size());
        all.addAll(jobs);
        all.addAll(facts);
        Map<String, JobFact> jm = new HashMap<>(jobById);
        for (JobFact j : facts) jm.put(j.id(), j);
        int[][] sitesOf = Arrays.copyOf(candidateSites, all.size());
        for (JobFact j : facts) sitesOf[j.index()] = computeCandidateSites(j);
        return new PlanningSnapshot(this, Collections.unmodifiableList(all), Collections.unmodifiableMap(jm), sitesOf, null);
    }

    /** Whether a job's tenant is in this snapshot (a job of another tenant needs a full build). */
    public boolean hasTenant(String id) {
        for (TenantFact t : tenants) if (t.id().equals(id)) return true;
        return false;
    }

    public static Builder builder(String name, int horizonHours, double carbonPricePerTonne) {
        return new Builder(name, horizonHours, carbonPricePerTonne);
    }

    public String name() { return name; }
    public int horizonHours() { return horizonHours; }
    public double carbonPricePerTonne() { return carbonPricePerTonne; }
    public List<RegionFact> regions() { return regions; }
    public List<SiteFact> sites() { return sites; }
    public List<NodeFact> nodes() { return nodes; }
    public List<TenantFact> tenants() { return tenants; }
    public List<JobFact> jobs() { return jobs; }
    public SiteFact site(String id) { return siteById.get(id); }
    public NodeFact node(String id) { return nodeById.get(id); }
    public JobFact job(String id) { return jobById.get(id); }

    /** One-way latency in ms, or NaN when the pair is unreachable. */
    public double latencyMs(SiteFact a, SiteFact b) { return latencyMs[a.index()][b.index()]; }

    /** Whether a site meets the job's latency rule (always true without one). */
    public boolean latencyAllowed(JobFact job, SiteFact site) {
        return job.latencyAllowed(site);
    }

    /** Sites that pass the static rules for a job (latency, residency, a node of the right model and size). */
    public int[] candidateSites(JobFact job) { return candidateSites[job.index()]; }

    /** Whether one task of the job could ever run on the node (size and model). */
    public static boolean nodeCanHostTask(JobFact job, NodeFact node) {
        return job.gpuModelFits(node) && node.cpuCores() >= job.cpuCores() && node.memoryMiB() >= job.memoryMiB()
                && node.gpus() >= job.gpus();
    }

    private int[] computeCandidateSites(JobFact job) {
        List<Integer> out = new ArrayList<>();
        for (SiteFact site : sites) {
            if (!job.regionAllowed(site.region()) || !latencyAllowed(job, site)) continue;
            double cheapest = Double.MAX_VALUE;
            for (NodeGroup g : site.groups()) {
                if (nodeCanHostTask(job, g.representative())) cheapest = Math.min(cheapest, taskHourlyPrice(job, g.representative()));
            }
            if (cheapest == Double.MAX_VALUE) continue;
            if (!job.priceWithinCap(cheapest * job.tasks() * (1 - 1e-12))) continue;
            out.add(site.index());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    // ------------------------------------------------------------------ figures of one task

    /** Hourly price of one task of the job on the node, in the format's arithmetic. */
    public double taskHourlyPrice(JobFact job, NodeFact node) {
        return job.cpuCores() * node.priceCpuCore() + job.memoryGiB() * node.priceMemoryGiB() + job.gpus() * node.priceGpu();
    }

    /** Power of one task at the site's meter, in kW (PUE included). */
    public double taskKw(JobFact job, NodeFact node) {
        return (job.cpuCores() * node.wattsCpuCore() + job.gpus() * node.wattsGpu()) / 1000.0 * node.site().pue();
    }

    /** Sum of the region's intensity over hours [start, start + hours), clamped to the horizon like the checker. */
    public double intensitySum(RegionFact region, int start, int hours) {
        int s = Math.max(0, start), e = Math.min(horizonHours, start + hours);
        double sum = e > s ? intensityPrefix[region.index()][e] - intensityPrefix[region.index()][s] : 0;
        for (int h = start; h < Math.min(0, start + hours); h++) sum += region.intensityAt(h);
        for (int h = Math.max(horizonHours, start); h < start + hours; h++) sum += region.intensityAt(h);
        return sum;
    }

    /** Carbon of one task in kg. */
    public double taskCarbonKg(JobFact job, NodeFact node, int start) {
        return taskKw(job, node) * intensitySum(node.site().region(), start, job.durationHours()) / 1000.0;
    }

    /** Cost plus carbon cost of one task, in micro-units: the unit of the soft score. */
    public long taskTotalMicros(JobFact job, NodeFact node, int start) {
        long cost = Units.micros(job.durationHours() * taskHourlyPrice(job, node));
        long carbon = Units.micros(taskCarbonKg(job, node, start) / 1000.0 * carbonPricePerTonne);
        return cost + carbon + contentionMicros(job, node, start);
    }

    /** The contention surcharge of one task (0 at true prices), in micro-units. */
    public long contentionMicros(JobFact job, NodeFact node, int start) {
        return contention == null ? 0 : contention.taskMicros(job, node, start);
    }

    /** Builds a snapshot; every reference is checked and a bad one is named in the exception. */
    public static final class Builder {
        private record Lat(int a, int b, double ms) {}

        private final String name;
        private final int horizonHours;
        private final double carbonPricePerTonne;
        private final Map<String, RegionFact> regions = new LinkedHashMap<>();
        private final Map<String, SiteFact> sites = new LinkedHashMap<>();
        private final Map<String, NodeFact> nodes = new LinkedHashMap<>();
        private final Map<String, TenantFact> tenants = new LinkedHashMap<>();
        private final List<JobFact> jobs = new ArrayList<>();
        private final Map<String, JobFact> jobIds = new HashMap<>();
        private final List<Lat> latencies = new ArrayList<>();

        private Builder(String name, int horizonHours, double carbonPricePerTonne) {
            if (horizonHours < 1 || horizonHours > 168) throw new IllegalArgumentException("horizonHours " + horizonHours + " out of range [1, 168]");
            if (!(carbonPricePerTonne >= 0)) throw new IllegalArgumentException("carbonPricePerTonne must be >= 0");
            this.name = name;
            this.horizonHours = horizonHours;
            this.carbonPricePerTonne = carbonPricePerTonne;
        }

        public Builder region(String id, double... carbonIntensity) {
            if (carbonIntensity.length != 1 && carbonIntensity.length != horizonHours)
                throw new IllegalArgumentException("region " + id + ": carbonIntensity needs 1 or " + horizonHours + " values");
            double[] perHour = new double[horizonHours];
            for (int h = 0; h < horizonHours; h++) perHour[h] = carbonIntensity[carbonIntensity.length == 1 ? 0 : h];
            unique(regions, id, "region").put(id, new RegionFact(regions.size(), id, perHour));
            return this;
        }

        public Builder site(String id, String region, String tier, double pue) {
            RegionFact r = ref(regions, region, "site " + id + ": region");
            unique(sites, id, "site").put(id, new SiteFact(sites.size(), id, r, tier, pue));
            return this;
        }

        public Builder latency(String from, String to, double ms) {
            SiteFact a = ref(sites, from, "latency: site"), b = ref(sites, to, "latency: site");
            if (a != b) latencies.add(new Lat(a.index(), b.index(), ms));
            return this;
        }

        public Builder tenant(String id, Long gpuQuota, Long cpuQuota) {
            unique(tenants, id, "tenant").put(id, new TenantFact(tenants.size(), id,
                    gpuQuota == null ? TenantFact.NO_QUOTA : gpuQuota, cpuQuota == null ? TenantFact.NO_QUOTA : cpuQuota));
            return this;
        }

        public Builder node(String id, String site, int cpuCores, double memoryGiB, int gpus, String gpuModel,
                double priceCpuCore, double priceMemoryGiB, double priceGpu, double wattsCpuCore, double wattsGpu) {
            SiteFact s = ref(sites, site, "node " + id + ": site");
            NodeFact n = new NodeFact(nodes.size(), id, s, cpuCores, memoryGiB, gpus, gpuModel, priceCpuCore,
                    priceMemoryGiB, priceGpu, wattsCpuCore, wattsGpu);
            unique(nodes, id, "node").put(id, n);
            s.addNode(n);
            return this;
        }

        public Builder job(JobSpec spec) {
            if (jobIds.containsKey(spec.id())) throw new IllegalArgumentException("duplicate job id " + spec.id());
            TenantFact tenant = tenants.get(spec.tenant());
            if (tenant == null) {
                tenant(spec.tenant(), null, null);
                tenant = tenants.get(spec.tenant());
            }
            JobFact j = jobFact(jobs.size(), spec, tenant, regions, sites, nodes, horizonHours);
            jobs.add(j);
            jobIds.put(j.id(), j);
            return this;
        }

        /** The job's fact at {@code index}; every reference checked against these maps. */
        static JobFact jobFact(int index, JobSpec spec, TenantFact tenant, Map<String, RegionFact> regions,
                Map<String, SiteFact> sites, Map<String, NodeFact> nodes, int horizonHours) {
            String ctx = "job " + spec.id();
            SiteFact dataSite = spec.dataSite() == null ? null : ref(sites, spec.dataSite(), ctx + ": dataSite");
            if (spec.maxLatencyMs() != null && dataSite == null) throw new IllegalArgumentException(ctx + ": maxLatencyMs needs dataSite");
            if (spec.allowedRegions() != null) for (String r : spec.allowedRegions()) ref(regions, r, ctx + ": allowedRegions");
            if (spec.tasks() < 1) throw new IllegalArgumentException(ctx + ": tasks must be >= 1");
            if (spec.durationHours() < 1) throw new IllegalArgumentException(ctx + ": durationHours must be >= 1");
            int deadline = spec.deadlineHour() == null ? horizonHours : spec.deadlineHour();
            if (deadline < 0 || deadline > horizonHours) throw new IllegalArgumentException(ctx + ": deadlineHour out of range");
            List<NodeFact> pinned = null;
            if (spec.pinnedNodes() != null) {
                if (spec.pinnedStartHour() == null) throw new IllegalArgumentException(ctx + ": pinned.startHour is missing");
                if (spec.pinnedNodes().size() != spec.tasks()) throw new IllegalArgumentException(ctx + ": pinned.nodes has " + spec.pinnedNodes().size() + " nodes, job has " + spec.tasks() + " tasks");
                pinned = new ArrayList<>();
                for (String n : spec.pinnedNodes()) pinned.add(ref(nodes, n, ctx + ": pinned node"));
            }
            return new JobFact(index, spec.id(), tenant, spec.tasks(), spec.cpuCores(), spec.memoryGiB(),
                    spec.gpus(), spec.gpus() > 0 ? spec.gpuModel() : null, spec.durationHours(),
                    spec.earliestStartHour() == null ? 0 : spec.earliestStartHour(), deadline, horizonHours, spec.priority(), dataSite,
                    spec.maxLatencyMs(), spec.allowedRegions(), spec.maxPricePerHour(), spec.pinnedStartHour(), pinned);
        }

        public PlanningSnapshot build() {
            return new PlanningSnapshot(this);
        }

        private static <T> Map<String, T> unique(Map<String, T> map, String id, String what) {
            if (id == null) throw new IllegalArgumentException(what + " without id");
            if (map.containsKey(id)) throw new IllegalArgumentException("duplicate " + what + " id " + id);
            return map;
        }

        private static <T> T ref(Map<String, T> map, String id, String ctx) {
            T t = id == null ? null : map.get(id);
            if (t == null) throw new IllegalArgumentException(ctx + " " + id + " is not known");
            return t;
        }
    }
}
