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
        if (state.unplacedCount() > 0 && r < 40) {
            JobAssignment u = state.assignment(state.unplacedJob(random.nextInt(state.unplacedCount())));
            if (u.isPinned()) return null;
            if (r < 8) return ReplanMove.place(u);
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
        int[] sites = snapshot.candidateSites(job);
        int first = Math.max(0, job.earliestStartHour()), last = job.latestStartHour();
        if (sites.length == 0 || last < first) return null;
        SiteFact site = snapshot.sites().get(sites[random.nextInt(sites.length)]);
        int s = first + random.nextInt(last - first + 1);
        if (!state.quotaFits(job, s)) return null;
        List<NodeFact> hosts = new ArrayList<>();
        for (NodeFact n : site.nodes()) if (PlanningSnapshot.nodeCanHostTask(job, n)) hosts.add(n);
        if (hosts.isEmpty()) return null;
        int from = hosts.size() > EJECT_NODE_WINDOW ? random.nextInt(hosts.size()) : 0;
        int window = Math.min(EJECT_NODE_WINDOW, hosts.size());
        int free = 0;
        List<long[]> offers = new ArrayList<>();
        List<int[]> offerJobs = new ArrayList<>();
        int[] leaving = new int[16];
        for (int w = 0; w < window; w++) {
            NodeFact node = hosts.get((from + w) % hosts.size());
            int k0 = state.tasksFit(job, node, s);
            free += k0;
            int[] eligible = eligibleOnNode(state, job, node, s);
            int count = 0;
            long cost = 0;
            for (int e : eligible) {
                if (count == leaving.length) leaving = Arrays.copyOf(leaving, count * 2);
                leaving[count++] = e;
                cost += snapshot.jobs().get(e).priority();
                if (cost >= job.priority()) break;
                int k = state.tasksFit(job, node, s, leaving, count);
                if (k > k0) {
                    offers.add(new long[] {cost, k - k0, offers.size()});
                    offerJobs.add(Arrays.copyOf(leaving, count));
                    break;
                }
            }
        }
        int need = job.tasks() - free;
        if (need <= 0) return ReplanMove.ejectAndPlace(u, site, s, List.of());
        offers.sort((x, y) -> Long.compare(x[0] * y[1], y[0] * x[1]) != 0 ? Long.compare(x[0] * y[1], y[0] * x[1]) : Long.compare(x[2], y[2]));
        List<JobAssignment> ejected = new ArrayList<>();
        long ejectedPriority = 0;
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
        if (need > 0 || ejectedPriority >= job.priority()) return null;
        return ReplanMove.ejectAndPlace(u, site, s, ejected);
    }

    /** Placed, unpinned jobs of lower priority on the node that overlap the run, cheapest first. */
    private static int[] eligibleOnNode(ScheduleState state, JobFact job, NodeFact node, int start) {
        int count = state.jobsOnNodeCount(node.index());
        List<JobFact> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int e = state.jobOnNode(node.index(), i);
            JobFact other = state.snapshot().jobs().get(e);
            Placement p = state.placement(e);
            if (other.isPinned() || other.priority() >= job.priority() || p == null) continue;
            if (p.startHour() >= start + job.durationHours() || p.startHour() + other.durationHours() <= start) continue;
            list.add(other);
        }
        list.sort((x, y) -> x.priority() != y.priority() ? Long.compare(x.priority(), y.priority()) : Integer.compare(x.index(), y.index()));
        return list.stream().mapToInt(JobFact::index).toArray();
    }
}
