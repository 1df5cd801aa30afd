package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobFact;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import io.suanli.scheduling.domain.SchedulePlan;
import io.suanli.scheduling.domain.SiteFact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;

/**
 * Generates the local search's job-level moves at random: relocate a gang to another site or
 * start, re-optimize a job, swap two jobs' sites and starts, place an unplaced job, or eject
 * lower-priority jobs to make room for a higher-priority one. Neighbourhoods are filtered: only a
 * job's statically allowed sites are drawn, and ejection looks at a bounded window of nodes.
 */
public class SchedulingMoveIteratorFactory implements MoveIteratorFactory<SchedulePlan, ReplanMove> {
    private static final int EJECT_NODE_WINDOW = 48;
    private static final int RUIN_LIMIT = 6;
    private static final int RECREATE_EXTRA = 8;
    /** Share (in % of all draws) of deep ejection chains among the moves for an unplaced job. */
    private static final int CHAIN_PCT = 12;

    @Override
    public long getSize(ScoreDirector<SchedulePlan> scoreDirector) {
        return scoreDirector.getWorkingSolution().getAssignments().size() * 8L;
    }

    @Override
    public Iterator<ReplanMove> createOriginalMoveIterator(ScoreDirector<SchedulePlan> scoreDirector) {
        throw new UnsupportedOperationException("the scheduling moves are drawn at random only");
    }

    @Override
    public Iterator<ReplanMove> createRandomMoveIterator(ScoreDirector<SchedulePlan> scoreDirector, Random random) {
        ScheduleState state = StateAccess.of(scoreDirector);
        List<JobAssignment> all = scoreDirector.getWorkingSolution().getAssignments();
        return new Iterator<>() {
            @Override
            public boolean hasNext() { return true; }

            @Override
            public ReplanMove next() {
                while (true) {
                    ReplanMove m = draw(state, all, random);
                    if (m != null) return m;
                }
            }
        };
    }

    private ReplanMove draw(ScheduleState state, List<JobAssignment> all, Random random) {
        int r = random.nextInt(100);
        if (r >= 80) return ruinAndRecreate(state, random);
        if (state.unplacedCount() > 0 && r < 40) {
            JobAssignment u = state.assignment(state.unplacedJob(random.nextInt(state.unplacedCount())));
            if (u.isPinned()) return null;
            if (r < 8) return ReplanMove.place(u);
            if (r < 8 + CHAIN_PCT && u.getJob().tasks() == 1) return ReplanMove.chain(u, random.nextLong());
            return ejection(state, u, random);
        }
        JobAssignment a = randomPlaced(all, random);
        if (a == null) return null;
        JobFact job = a.getJob();
        int[] sites = state.snapshot().candidateSites(job);
        int first = Math.max(0, job.earliestStartHour()), last = job.latestStartHour();
        int r2 = random.nextInt(100);
        if (r2 < 35) {
            SiteFact site = state.snapshot().sites().get(sites[random.nextInt(sites.length)]);
            return ReplanMove.relocate(a, site, first + random.nextInt(last - first + 1));
        }
        if (r2 < 60) {
            Placement p = a.getPlacement();
            int s = p.startHour() + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(3));
            if (s < first || s > last) return null;
            return ReplanMove.relocate(a, p.site(), s);
        }
        if (r2 < 75) return ReplanMove.reoptimize(a);
        SiteFact site = state.snapshot().sites().get(sites[random.nextInt(sites.length)]);
        List<NodeFact> nodes = site.nodes();
        NodeFact node = nodes.get(random.nextInt(nodes.size()));
        int count = state.jobsOnNodeCount(node.index());
        if (count == 0) return null;
        JobAssignment b = state.assignment(state.jobOnNode(node.index(), random.nextInt(count)));
        if (b == a || b.isPinned()) return null;
        return ReplanMove.swap(a, b);
    }

    private static JobAssignment randomPlaced(List<JobAssignment> all, Random random) {
        for (int tries = 0; tries < 20; tries++) {
            JobAssignment a = all.get(random.nextInt(all.size()));
            if (a.isPlaced() && !a.isPinned()) return a;
        }
        return null;
    }

    /** Builds an eject-and-place move for an unplaced job at a random allowed site and start, or null. */
    private ReplanMove ejection(ScheduleState state, JobAssignment u, Random random) {
        JobFact job = u.getJob();
        PlanningSnapshot snapshot = state.snapshot();
        // half of the ejections also move jobs of equal or higher priority: they are re-placed
        // elsewhere within the move, and the score decides whether the chain paid off
        boolean relocateAny = random.nextBoolean();
        long cap = relocateAny ? Long.MAX_VALUE : job.priority();
        int[] sites = snapshot.candidateSites(job);
        int first = Math.max(0, job.earliestStartHour()), last = job.latestStartHour();
        if (sites.length == 0 || last < first) return null;
        SiteFact site = snapshot.sites().get(sites[random.nextInt(sites.length)]);
        int s = first + random.nextInt(last - first + 1);
        List<JobAssignment> ejected = new ArrayList<>();
        long ejectedPriority = 0;
        if (!state.quotaFits(job, s)) {
            ejectedPriority = quotaEjection(state, job, s, ejected);
            if (ejectedPriority < 0 || ejectedPriority >= job.priority()) return null;
        }
        int base = ejected.size();
        List<NodeFact> hosts = new ArrayList<>();
        for (NodeFact n : site.nodes()) if (PlanningSnapshot.nodeCanHostTask(job, n)) hosts.add(n);
        if (hosts.isEmpty()) return null;
        int from = hosts.size() > EJECT_NODE_WINDOW ? random.nextInt(hosts.size()) : 0;
        int window = Math.min(EJECT_NODE_WINDOW, hosts.size());
        int free = 0;
        List<long[]> offers = new ArrayList<>();
        List<int[]> offerJobs = new ArrayList<>();
        int[] leaving = new int[16 + base];
        for (int i = 0; i < base; i++) leaving[i] = ejected.get(i).getJob().index();
        for (int w = 0; w < window; w++) {
            NodeFact node = hosts.get((from + w) % hosts.size());
            int k0 = state.tasksFit(job, node, s, leaving, base);
            free += k0;
            int[] eligible = eligibleOnNode(state, job, node, s, relocateAny);
            int count = base;
            long cost = ejectedPriority;
            for (int e : eligible) {
                if (contains(leaving, base, e)) continue;
                if (count == leaving.length) leaving = Arrays.copyOf(leaving, count * 2);
                leaving[count++] = e;
                cost += snapshot.jobs().get(e).priority();
                if (cost >= cap) break;
                int k = state.tasksFit(job, node, s, leaving, count);
                if (k > k0) {
                    offers.add(new long[] {cost - ejectedPriority, k - k0, offers.size()});
                    offerJobs.add(Arrays.copyOfRange(leaving, base, count));
                    break;
                }
            }
        }
        int need = job.tasks() - free;
        if (need <= 0) return ReplanMove.ejectAndPlace(u, site, s, ejected, random.nextLong());
        offers.sort((x, y) -> Long.compare(x[0] * y[1], y[0] * x[1]) != 0 ? Long.compare(x[0] * y[1], y[0] * x[1]) : Long.compare(x[2], y[2]));
        for (long[] offer : offers) {
            if (need <= 0) break;
            for (int e : offerJobs.get((int) offer[2])) {
                JobAssignment ea = state.assignment(e);
                if (!ejected.contains(ea)) {
                    ejected.add(ea);
                    ejectedPriority += ea.getJob().priority();
                }
            }
            need -= offer[1];
        }
        if (need > 0 || ejectedPriority >= cap) return null;
        return ReplanMove.ejectAndPlace(u, site, s, ejected, random.nextLong());
    }

    private static boolean contains(int[] arr, int n, int v) {
        for (int i = 0; i < n; i++) if (arr[i] == v) return true;
        return false;
    }

    /**
     * Picks lower-priority jobs of the same tenant, lowest priority first, whose removal makes the
     * tenant quota hold for the job at {@code start}; returns their total priority, or -1.
     */
    private static long quotaEjection(ScheduleState state, JobFact job, int start, List<JobAssignment> out) {
        var tenant = job.tenant();
        int horizon = state.snapshot().horizonHours();
        int end = Math.min(horizon, start + job.durationHours());
        long[] excessCpu = new long[end - start], excessGpu = new long[end - start];
        boolean any = false;
        for (int h = start; h < end; h++) {
            long[] use = state.tenantUse(tenant, h);
            if (tenant.hasCpuQuota()) excessCpu[h - start] = Math.max(0, use[0] + (long) job.cpuCores() * job.tasks() - tenant.cpuQuota());
            if (tenant.hasGpuQuota()) excessGpu[h - start] = Math.max(0, use[1] + (long) job.gpus() * job.tasks() - tenant.gpuQuota());
            any |= excessCpu[h - start] > 0 || excessGpu[h - start] > 0;
        }
        if (!any) return 0;
        List<JobFact> candidates = new ArrayList<>();
        int[] same = state.jobsOfTenant(tenant);
        for (int idx : same) {
            JobFact other = state.snapshot().jobs().get(idx);
            if (other.isPinned() || other.priority() >= job.priority()) continue;
            Placement p = state.placement(other.index());
            if (p == null || p.startHour() >= end || p.startHour() + other.durationHours() <= start) continue;
            candidates.add(other);
        }
        candidates.sort((x, y) -> x.priority() != y.priority() ? Long.compare(x.priority(), y.priority()) : Integer.compare(x.index(), y.index()));
        long total = 0;
        for (JobFact other : candidates) {
            if (total >= job.priority()) return -1;
            Placement p = state.placement(other.index());
            boolean helps = false;
            for (int h = Math.max(start, p.startHour()); h < Math.min(end, p.startHour() + other.durationHours()); h++) {
                helps |= (excessCpu[h - start] > 0 && other.cpuCores() > 0) || (excessGpu[h - start] > 0 && other.gpus() > 0);
            }
            if (!helps) continue;
            out.add(state.assignment(other.index()));
            total += other.priority();
            any = false;
            for (int h = Math.max(start, p.startHour()); h < Math.min(end, p.startHour() + other.durationHours()); h++) {
                excessCpu[h - start] -= (long) other.cpuCores() * p.taskCount();
                excessGpu[h - start] -= (long) other.gpus() * p.taskCount();
            }
            for (int h = start; h < end; h++) any |= excessCpu[h - start] > 0 || excessGpu[h - start] > 0;
            if (!any) return total;
        }
        return -1;
    }

    /**
     * Ruin and recreate: takes out the jobs running on one site at one hour (at most a few), then
     * inserts them and a sample of unplaced jobs that could use that site again, highest priority
     * first with a little random noise, each at its cheapest feasible option.
     */
    private ReplanMove ruinAndRecreate(ScheduleState state, Random random) {
        PlanningSnapshot snapshot = state.snapshot();
        SiteFact site = snapshot.sites().get(random.nextInt(snapshot.sites().size()));
        int hour = random.nextInt(snapshot.horizonHours());
        List<JobAssignment> ruined = new ArrayList<>();
        List<NodeFact> nodes = site.nodes();
        if (nodes.isEmpty()) return null;
        int from = random.nextInt(nodes.size());
        for (int w = 0; w < Math.min(nodes.size(), 8) && ruined.size() < RUIN_LIMIT; w++) {
            NodeFact node = nodes.get((from + w) % nodes.size());
            for (int i = 0; i < state.jobsOnNodeCount(node.index()) && ruined.size() < RUIN_LIMIT; i++) {
                JobAssignment a = state.assignment(state.jobOnNode(node.index(), i));
                Placement p = a.getPlacement();
                if (a.isPinned() || p == null || hour < p.startHour() || hour >= p.startHour() + a.getJob().durationHours()) continue;
                if (!ruined.contains(a)) ruined.add(a);
            }
        }
        if (ruined.isEmpty()) return null;
        List<JobAssignment> inserts = new ArrayList<>(ruined);
        int unplaced = state.unplacedCount();
        for (int probe = 0; probe < Math.min(unplaced, 64) && inserts.size() < ruined.size() + RECREATE_EXTRA; probe++) {
            JobAssignment u = state.assignment(state.unplacedJob(random.nextInt(unplaced)));
            JobFact j = u.getJob();
            if (u.isPinned() || inserts.contains(u) || j.earliestStartHour() > hour || j.deadlineHour() <= hour) continue;
            if (!Arrays.stream(snapshot.candidateSites(j)).anyMatch(x -> x == site.index())) continue;
            inserts.add(u);
        }
        double[] noise = new double[inserts.size()];
        for (int i = 0; i < noise.length; i++) noise[i] = 1 + 0.3 * random.nextDouble();
        Integer[] order = new Integer[inserts.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(inserts.get(y).getJob().priority() * noise[y], inserts.get(x).getJob().priority() * noise[x]));
        List<JobAssignment> ordered = new ArrayList<>(order.length);
        for (Integer i : order) ordered.add(inserts.get(i));
        return ReplanMove.ruinAndRecreate(ruined, ordered);
    }

    /** Placed, unpinned jobs (of lower priority unless anyPriority) on the node that overlap the run, cheapest first. */
    private static int[] eligibleOnNode(ScheduleState state, JobFact job, NodeFact node, int start, boolean anyPriority) {
        int count = state.jobsOnNodeCount(node.index());
        List<JobFact> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int e = state.jobOnNode(node.index(), i);
            JobFact other = state.snapshot().jobs().get(e);
            Placement p = state.placement(e);
            if (other.isPinned() || (!anyPriority && other.priority() >= job.priority()) || p == null) continue;
            if (p.startHour() >= start + job.durationHours() || p.startHour() + other.durationHours() <= start) continue;
            list.add(other);
        }
        if (anyPriority) {
            // jobs with the widest window first: they are the likeliest to fit again elsewhere
            list.sort((x, y) -> {
                int sx = x.latestStartHour() - x.earliestStartHour(), sy = y.latestStartHour() - y.earliestStartHour();
                if (sx != sy) return Integer.compare(sy, sx);
                return x.priority() != y.priority() ? Long.compare(x.priority(), y.priority()) : Integer.compare(x.index(), y.index());
            });
        } else {
            list.sort((x, y) -> x.priority() != y.priority() ? Long.compare(x.priority(), y.priority()) : Integer.compare(x.index(), y.index()));
        }
        return list.stream().mapToInt(JobFact::index).toArray();
    }
}
