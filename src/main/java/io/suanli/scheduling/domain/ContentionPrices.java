package io.suanli.scheduling.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A surcharge on the node-hours that many waiting jobs could use, so that a job with many options
 * leaves them to the jobs that have few. For each interchangeable node group and hour it keeps the
 * contention of GPUs, cores and memory: the demand the waiting jobs would put there if each spread
 * itself evenly over all its possible (host node, start) options, divided by the node's capacity.
 * A task's surcharge over its run is {@code weight x} the node's full hourly price {@code x} the sum,
 * over the three resources, of the task's share of the node times the contention of the hour.
 *
 * <p>Why: on the trace scenarios the last hours of the GPU nodes are the only possible hours of many
 * best-effort jobs, while other jobs could run earlier or elsewhere. Priced at cost alone those
 * hours are as good as any, the flexible jobs settle there, and the search stalls one or two jobs
 * short of the optimum (it then needs dozens of jobs moved at once). Searching first with this
 * surcharge and then at the true prices finds the packing (see {@code SchedulingEngine}).
 *
 * <p>The figures are static: computed once from the snapshot's waiting jobs (pinned jobs excluded),
 * each job's demand counted as many times as its weight (the engine raises the weight of jobs an
 * earlier round left out), in time linear in jobs x host groups x hours. All of a group's nodes
 * share them, so a search can price a whole group at once.
 */
public final class ContentionPrices {
    private final double weight;
    private final int horizon;
    /** Group index of each node (by node index). */
    private final int[] groupOfNode;
    /** Per group: prefix sums over hours of the contention of GPUs, cores and memory (horizon + 1 each). */
    private final double[][] gpuPrefix, cpuPrefix, memPrefix;

    ContentionPrices(PlanningSnapshot snapshot, double weight, double[] jobWeights) {
        if (!(weight > 0)) throw new IllegalArgumentException("contention weight must be positive");
        this.weight = weight;
        this.horizon = snapshot.horizonHours();
        List<NodeFact> nodes = snapshot.nodes();
        groupOfNode = new int[nodes.size()];
        List<NodeFact> representative = new ArrayList<>();
        for (SiteFact site : snapshot.sites()) for (NodeGroup g : site.groups()) {
            for (NodeFact n : g.nodes()) groupOfNode[n.index()] = representative.size();
            representative.add(g.representative());
        }
        int groups = representative.size();
        // demand per node of each group per hour, as if every waiting job spread evenly over its options
        double[][] gpu = new double[groups][horizon], cpu = new double[groups][horizon], mem = new double[groups][horizon];
        double[] profile = new double[horizon];
        int[] hostGroups = new int[groups];
        for (JobFact job : snapshot.jobs()) {
            if (job.isPinned()) continue;
            double jobWeight = jobWeights == null ? 1 : jobWeights[job.index()];
            if (jobWeight == 0) continue;
            int first = Math.max(0, job.earliestStartHour()), last = Math.min(job.latestStartHour(), horizon - 1);
            if (last < first) continue;
            int hostCount = 0, hosts = 0;
            for (int si : snapshot.candidateSites(job)) {
                for (NodeGroup g : snapshot.sites().get(si).groups()) {
                    if (!PlanningSnapshot.nodeCanHostTask(job, g.representative())) continue;
                    hostGroups[hostCount++] = groupOfNode[g.representative().index()];
                    hosts += g.nodes().size();
                }
            }
            if (hosts == 0) continue;
            if (!runProfile(job, first, last, profile)) continue;
            double perNode = jobWeight * job.tasks() / hosts;
            for (int k = 0; k < hostCount; k++) {
                int g = hostGroups[k];
                for (int h = 0; h < horizon; h++) {
                    double p = profile[h];
                    if (p == 0) continue;
                    gpu[g][h] += perNode * p * job.gpus();
                    cpu[g][h] += perNode * p * job.cpuCores();
                    mem[g][h] += perNode * p * job.memoryMiB();
                }
            }
        }
        gpuPrefix = new double[groups][];
        cpuPrefix = new double[groups][];
        memPrefix = new double[groups][];
        for (int g = 0; g < groups; g++) {
            NodeFact rep = representative.get(g);
            gpuPrefix[g] = prefix(gpu[g], rep.gpus());
            cpuPrefix[g] = prefix(cpu[g], rep.cpuCores());
            memPrefix[g] = prefix(mem[g], rep.memoryMiB());
        }
    }

    /**
     * The share of the job's possible starts in which it runs in each hour (0..1), by a difference
     * array over the starts; false if it never runs inside the horizon.
     */
    private boolean runProfile(JobFact job, int first, int last, double[] profile) {
        Arrays.fill(profile, 0);
        double share = 1.0 / (last - first + 1);
        for (int s = first; s <= last; s++) {
            profile[s] += share;
            int end = s + job.durationHours();
            if (end < horizon) profile[end] -= share;
        }
        double run = 0;
        boolean any = false;
        for (int h = 0; h < horizon; h++) {
            run += profile[h];
            profile[h] = Math.max(0, run);
            any |= profile[h] > 0;
        }
        return any;
    }

    private double[] prefix(double[] demand, double capacity) {
        double[] out = new double[horizon + 1];
        for (int h = 0; h < horizon; h++) out[h + 1] = out[h] + (capacity > 0 ? demand[h] / capacity : 0);
        return out;
    }

    /** The surcharge of one task of the job on the node from {@code start}, in micro-units. */
    long taskMicros(JobFact job, NodeFact node, int start) {
        int g = groupOfNode[node.index()];
        int s = Math.max(0, Math.min(horizon, start)), e = Math.max(s, Math.min(horizon, start + job.durationHours()));
        double share = 0;
        if (node.gpus() > 0) share += (double) job.gpus() / node.gpus() * (gpuPrefix[g][e] - gpuPrefix[g][s]);
        if (node.cpuCores() > 0) share += (double) job.cpuCores() / node.cpuCores() * (cpuPrefix[g][e] - cpuPrefix[g][s]);
        if (node.memoryMiB() > 0) share += (double) job.memoryMiB() / node.memoryMiB() * (memPrefix[g][e] - memPrefix[g][s]);
        double nodeHourly = node.cpuCores() * node.priceCpuCore() + node.memoryGiB() * node.priceMemoryGiB() + node.gpus() * node.priceGpu();
        return Math.round(weight * nodeHourly * share * Units.MICROS);
    }
}
