package io.suanli.scheduling;

import io.suanli.scenario.ResultDocument;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.TenantFact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a result against every hard rule of the scenario format, from the assignments alone and
 * independently of the solver's score: the engine's own last line of defence before it writes a
 * result, and the oracle of its tests. Violations are prefixed with the format's rule number.
 */
public final class HardRuleChecker {
    private static final double EPS = 1e-6;

    private HardRuleChecker() {}

    public static List<String> check(PlanningSnapshot snapshot, ResultDocument result) {
        List<String> v = new ArrayList<>();
        int horizon = snapshot.horizonHours();
        int nodes = snapshot.nodes().size(), tenants = snapshot.tenants().size();
        long[] cpu = new long[nodes * horizon], gpu = new long[nodes * horizon];
        double[] mem = new double[nodes * horizon];
        long[] tCpu = new long[tenants * horizon], tGpu = new long[tenants * horizon];
        Set<String> seen = new HashSet<>();
        for (ResultDocument.Assignment a : result.assignments()) {
            JobFact job = snapshot.job(a.job());
            if (job == null) { v.add("R0: unknown job " + a.job()); continue; }
            if (!seen.add(job.id())) { v.add("R0: job " + job.id() + " appears more than once"); continue; }
            List<NodeFact> ns = new ArrayList<>();
            for (String id : a.nodes()) {
                NodeFact n = snapshot.node(id);
                if (n == null) v.add("R0: job " + job.id() + ": unknown node " + id); else ns.add(n);
            }
            if (ns.size() != a.nodes().size()) continue;
            if (ns.size() != job.tasks()) v.add("R4: job " + job.id() + " has " + ns.size() + " nodes, needs " + job.tasks());
            int s = a.startHour();
            if (s < job.earliestStartHour() || s < 0) v.add("R1: job " + job.id() + " starts at " + s + " before " + job.earliestStartHour());
            if (s + job.durationHours() > job.deadlineHour()) v.add("R1: job " + job.id() + " ends after deadline " + job.deadlineHour());
            double hourly = 0;
            for (NodeFact n : ns) {
                if (n.site() != ns.get(0).site()) { v.add("R4: job " + job.id() + " spans sites"); break; }
            }
            for (NodeFact n : ns) {
                if (!job.gpuModelFits(n)) v.add("R3: job " + job.id() + " needs " + job.gpuModel() + ", node " + n.id() + " has " + n.gpuModel());
                if (!job.latencyAllowed(n.site())) v.add("R5: job " + job.id() + " on " + n.site().id() + " is too far from " + job.dataSite().id());
                if (!job.regionAllowed(n.site().region())) v.add("R6: job " + job.id() + " on " + n.site().id() + " outside allowedRegions");
                hourly += snapshot.taskHourlyPrice(job, n);
                for (int h = Math.max(0, s); h < Math.min(horizon, s + job.durationHours()); h++) {
                    int i = n.index() * horizon + h;
                    cpu[i] += job.cpuCores();
                    gpu[i] += job.gpus();
                    mem[i] += job.memoryGiB();
                }
            }
            if (!job.priceWithinCap(hourly)) v.add("R7: job " + job.id() + " hourly price " + hourly + " > " + job.maxPricePerHour());
            TenantFact t = job.tenant();
            for (int h = Math.max(0, s); h < Math.min(horizon, s + job.durationHours()); h++) {
                tCpu[t.index() * horizon + h] += (long) job.cpuCores() * ns.size();
                tGpu[t.index() * horizon + h] += (long) job.gpus() * ns.size();
            }
            if (job.isPinned()) {
                int[] x = ns.stream().mapToInt(NodeFact::index).sorted().toArray();
                int[] y = job.pinnedNodes().stream().mapToInt(NodeFact::index).sorted().toArray();
                if (s != job.pinnedStartHour() || !Arrays.equals(x, y)) v.add("R9: pinned job " + job.id() + " is not placed as pinned");
            }
        }
        for (String id : result.unassigned()) {
            JobFact job = snapshot.job(id);
            if (job == null) { v.add("R0: unknown job " + id); continue; }
            if (!seen.add(id)) { v.add("R0: job " + id + " appears more than once"); continue; }
            if (job.isPinned()) v.add("R9: pinned job " + id + " is unassigned");
        }
        for (JobFact job : snapshot.jobs()) if (!seen.contains(job.id())) v.add("R0: job " + job.id() + " is missing");
        for (NodeFact n : snapshot.nodes()) {
            for (int h = 0; h < horizon; h++) {
                int i = n.index() * horizon + h;
                if (cpu[i] > n.cpuCores()) v.add("R2: node " + n.id() + " hour " + h + " cpuCores " + cpu[i] + " > " + n.cpuCores());
                if (mem[i] > n.memoryGiB() + EPS) v.add("R2: node " + n.id() + " hour " + h + " memoryGiB " + mem[i] + " > " + n.memoryGiB());
                if (gpu[i] > n.gpus()) v.add("R2: node " + n.id() + " hour " + h + " gpus " + gpu[i] + " > " + n.gpus());
            }
        }
        for (TenantFact t : snapshot.tenants()) {
            for (int h = 0; h < horizon; h++) {
                int i = t.index() * horizon + h;
                if (t.hasGpuQuota() && tGpu[i] > t.gpuQuota()) v.add("R8: tenant " + t.id() + " hour " + h + " gpus " + tGpu[i] + " > " + t.gpuQuota());
                if (t.hasCpuQuota() && tCpu[i] > t.cpuQuota()) v.add("R8: tenant " + t.id() + " hour " + h + " cpuCores " + tCpu[i] + " > " + t.cpuQuota());
            }
        }
        return v;
    }
}
