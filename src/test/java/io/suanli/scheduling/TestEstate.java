package io.suanli.scheduling;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.JobSpec;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.PlanningSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A small fixed estate for tests, with a fluent job builder:
 * east-ai (2 nodes, 4 H100 each), east-edge (1 CPU node), west-ai (1 node, 4 L40S);
 * east-ai to west-ai is unreachable; tenant "gpu-team" has a GPU quota of 4, "cpu-team" a CPU quota of 16.
 */
public final class TestEstate {
    public static final int HORIZON = 12;
    public static final double CARBON_PRICE = 200.0;

    private TestEstate() {}

    public static PlanningSnapshot with(JobBuilder... jobs) {
        PlanningSnapshot.Builder b = PlanningSnapshot.builder("test-estate", HORIZON, CARBON_PRICE)
                .region("east", 500.0)
                .region("west", 100.0)
                .site("east-ai", "east", "INTELLIGENT", 1.2)
                .site("east-edge", "east", "EDGE", 1.5)
                .site("west-ai", "west", "INTELLIGENT", 1.1)
                .latency("east-ai", "east-edge", 2.0)
                .latency("east-edge", "west-ai", 30.0)
                .tenant("gpu-team", 4L, null)
                .tenant("cpu-team", null, 16L)
                .tenant("free", null, null)
                .node("ea-1", "east-ai", 32, 128, 4, "H100", 0.1, 0.01, 10.0, 5.0, 500.0)
                .node("ea-2", "east-ai", 32, 128, 4, "H100", 0.1, 0.01, 10.0, 5.0, 500.0)
                .node("ee-1", "east-edge", 16, 64, 0, null, 0.1, 0.01, 10.0, 5.0, 500.0)
                .node("wa-1", "west-ai", 32, 128, 4, "L40S", 0.05, 0.005, 5.0, 5.0, 300.0);
        for (JobBuilder j : jobs) b.job(j.spec());
        return b.build();
    }

    public static JobBuilder job(String id) {
        return new JobBuilder(id);
    }

    /** An assignment of the snapshot's job at a start on the given nodes, or unplaced without nodes. */
    public static JobAssignment placed(PlanningSnapshot s, String job, int start, String... nodes) {
        var fact = s.job(job);
        if (nodes.length == 0) return new JobAssignment(fact, null);
        return new JobAssignment(fact, Placement.of(s, fact, start, Arrays.stream(nodes).map(s::node).toList()));
    }

    public static JobAssignment unplaced(PlanningSnapshot s, String job) {
        return new JobAssignment(s.job(job), null);
    }

    /** Fluent job data for tests: a 1-task, 2-core, 4 GiB, 2-hour job of tenant "free" by default. */
    public static final class JobBuilder {
        private final String id;
        private String tenant = "free";
        private int tasks = 1, cpu = 2, gpus = 0, duration = 2;
        private double mem = 4;
        private String model;
        private Integer earliest, deadline, pinStart;
        private long priority = 10;
        private String dataSite;
        private Double maxLatency, maxPrice;
        private Set<String> regions;
        private List<String> pinNodes;

        private JobBuilder(String id) { this.id = id; }

        public JobBuilder tenant(String t) { tenant = t; return this; }
        public JobBuilder tasks(int n) { tasks = n; return this; }
        public JobBuilder cpu(int n) { cpu = n; return this; }
        public JobBuilder memory(double gib) { mem = gib; return this; }
        public JobBuilder gpus(int n, String m) { gpus = n; model = m; return this; }
        public JobBuilder hours(int h) { duration = h; return this; }
        public JobBuilder window(int from, int to) { earliest = from; deadline = to; return this; }
        public JobBuilder priority(long p) { priority = p; return this; }
        public JobBuilder latency(String site, double ms) { dataSite = site; maxLatency = ms; return this; }
        public JobBuilder regions(String... r) { regions = Set.of(r); return this; }
        public JobBuilder maxPrice(double p) { maxPrice = p; return this; }
        public JobBuilder pinned(int start, String... nodes) { pinStart = start; pinNodes = List.of(nodes); return this; }

        /** The job's spec, for snapshots built or extended outside this class. */
        public JobSpec build() {
            return spec();
        }

        JobSpec spec() {
            return new JobSpec(id, tenant, tasks, cpu, mem, gpus, model, duration, earliest, deadline, priority, dataSite,
                    maxLatency, regions, maxPrice, pinStart, pinNodes);
        }
    }
}
