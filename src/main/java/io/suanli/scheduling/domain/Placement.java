package io.suanli.scheduling.domain;

import java.util.Arrays;
import java.util.List;

/**
 * Where and when a whole job runs: one start hour and one node per task (a gang). Immutable; its
 * hourly price and total (cost + carbon cost, micro-units) are computed once when it is made.
 */
public final class Placement {
    private final int startHour;
    private final NodeFact[] nodes;
    private final double hourlyPrice;
    private final long totalMicros;

    private Placement(int startHour, NodeFact[] nodes, double hourlyPrice, long totalMicros) {
        this.startHour = startHour;
        this.nodes = nodes;
        this.hourlyPrice = hourlyPrice;
        this.totalMicros = totalMicros;
    }

    /** Makes a placement of the job; the nodes are kept in the given order (one per task). */
    public static Placement of(PlanningSnapshot snapshot, JobFact job, int startHour, List<NodeFact> nodes) {
        if (nodes.isEmpty()) throw new IllegalArgumentException("a placement needs at least one node");
        NodeFact[] arr = nodes.toArray(new NodeFact[0]);
        double hourly = 0;
        long total = 0;
        for (NodeFact n : arr) {
            hourly += snapshot.taskHourlyPrice(job, n);
            total += snapshot.taskTotalMicros(job, n, startHour);
        }
        return new Placement(startHour, arr, hourly, total);
    }

    public int startHour() { return startHour; }
    public List<NodeFact> nodes() { return List.of(nodes); }
    public int taskCount() { return nodes.length; }
    public NodeFact node(int task) { return nodes[task]; }

    /** The site of the first task (the gang rule asks all tasks to share it). */
    public SiteFact site() { return nodes[0].site(); }

    /** The number of distinct sites the tasks use (1 when the gang rule holds). */
    public int distinctSites() {
        // A loop, not a stream: every score update of a job asks (gangs are small).
        int distinct = 0;
        for (int i = 0; i < nodes.length; i++) {
            SiteFact site = nodes[i].site();
            boolean seen = false;
            for (int k = 0; k < i && !seen; k++) seen = nodes[k].site() == site;
            if (!seen) distinct++;
        }
        return distinct;
    }

    /** Sum of the tasks' hourly prices, in the format's (double) arithmetic. */
    public double hourlyPrice() { return hourlyPrice; }

    /** Cost plus carbon cost over the job's duration, in micro-units. */
    public long totalMicros() { return totalMicros; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Placement p)) return false;
        if (startHour != p.startHour || nodes.length != p.nodes.length) return false;
        int[] a = sortedIndexes(), b = p.sortedIndexes();
        return Arrays.equals(a, b);
    }

    private int[] sortedIndexes() {
        int[] idx = new int[nodes.length];
        for (int i = 0; i < nodes.length; i++) idx[i] = nodes[i].index();
        Arrays.sort(idx);
        return idx;
    }

    @Override
    public int hashCode() {
        return 31 * startHour + Arrays.hashCode(sortedIndexes());
    }

    @Override
    public String toString() {
        return "@" + startHour + Arrays.toString(nodes);
    }
}
