package io.suanli.planning.domain;

import io.suanli.scheduling.domain.Units;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether plans still hold at commit time: every node UP, and at every instant of each run the
 * node's capacity covers the committed work already there plus the plans accepted before in the
 * same batch (so two plans cannot both take the last free capacity). Memory is compared in whole
 * MiB exactly as the engine does. Pure: the caller reads the rows under lock.
 */
public final class CommitCheck {

    /** A node as it is now. */
    public record NodeNow(String name, boolean up, int cpuCores, double memoryGiB, int gpus) {}

    /** A run holding capacity on one node: [start, end) in epoch seconds, per-task demand and task count there. */
    public record Use(String node, long start, long end, int cpuCores, double memoryGiB, int gpus, int tasks) {}

    /** A plan to commit: one node per task. */
    public record Candidate(String job, List<String> nodes, long start, long end, int cpuCores, double memoryGiB, int gpus) {}

    private final Map<String, NodeNow> nodes = new HashMap<>();
    private final Map<String, List<Use>> uses = new HashMap<>();

    public CommitCheck(List<NodeNow> nodes, List<Use> committed) {
        for (NodeNow n : nodes) this.nodes.put(n.name(), n);
        for (Use u : committed) this.uses.computeIfAbsent(u.node(), k -> new ArrayList<>()).add(u);
    }

    /** Null when the plan holds (and its use is then counted for later candidates), else why not. */
    public String accept(Candidate c) {
        Map<String, Integer> perNode = new HashMap<>();
        for (String n : c.nodes()) perNode.merge(n, 1, Integer::sum);
        for (Map.Entry<String, Integer> e : perNode.entrySet()) {
            NodeNow node = nodes.get(e.getKey());
            if (node == null) return "node " + e.getKey() + " no longer exists";
            if (!node.up()) return "node " + node.name() + " is not UP";
            Use mine = new Use(node.name(), c.start(), c.end(), c.cpuCores(), c.memoryGiB(), c.gpus(), e.getValue());
            if (!fits(node, mine)) return "capacity on node " + node.name() + " is taken";
        }
        for (Map.Entry<String, Integer> e : perNode.entrySet()) {
            uses.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(new Use(e.getKey(), c.start(), c.end(), c.cpuCores(), c.memoryGiB(), c.gpus(), e.getValue()));
        }
        return null;
    }

    /** The peak use over the run is reached at the run's start or where another run starts inside it. */
    private boolean fits(NodeNow node, Use mine) {
        List<Use> there = uses.getOrDefault(node.name(), List.of());
        List<Long> points = new ArrayList<>();
        points.add(mine.start());
        for (Use u : there) if (u.start() > mine.start() && u.start() < mine.end()) points.add(u.start());
        long capMiB = Units.capacityMiB(node.memoryGiB());
        for (long t : points) {
            long cpu = (long) mine.cpuCores() * mine.tasks();
            long mem = Units.demandMiB(mine.memoryGiB()) * mine.tasks();
            long gpu = (long) mine.gpus() * mine.tasks();
            for (Use u : there) {
                if (u.start() <= t && t < u.end()) {
                    cpu += (long) u.cpuCores() * u.tasks();
                    mem += Units.demandMiB(u.memoryGiB()) * u.tasks();
                    gpu += (long) u.gpus() * u.tasks();
                }
            }
            if (cpu > node.cpuCores() || mem > capMiB || gpu > node.gpus()) return false;
        }
        return true;
    }
}
