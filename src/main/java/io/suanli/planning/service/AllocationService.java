package io.suanli.planning.service;

import io.smallrye.mutiny.Uni;
import io.suanli.planning.domain.SlotFrame;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The allocation of the estate: per region, site and node its capacity, what runs now and what
 * is planned per slot (tentative and committed plans together). Aggregated in PostgreSQL by node
 * and run, then summed per slot here: one pass over nodes and plans, so 10,000 nodes stay fast.
 * Plain SQL on the reactive pool, so the stream can poll it from any thread.
 */
@Singleton
public class AllocationService {

    /** Cores, memory and GPUs. */
    public record Amount(long cpuCores, double memoryGiB, long gpus) {
        Amount plus(long c, double m, long g) {
            return new Amount(cpuCores + c, memoryGiB + m, gpus + g);
        }
    }

    /** One region, site or node: its capacity, its use now and its planned use per slot (cores and GPUs). */
    public record Unit(String name, String parent, String state, Amount capacity, Amount usedNow, long[] plannedCpuCores,
            long[] plannedGpus) {}

    /** The whole picture; {@code nodes} only when asked for (it is large). */
    public record Allocation(Instant slotZero, int slotMinutes, int slots, List<Unit> regions, List<Unit> sites, List<Unit> nodes) {}

    private final Pool pool;
    private final Clock clock;

    public AllocationService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** The allocation now; with {@code nodesOfSite} the nodes of that site (or of all sites for "*") are listed too. */
    public Uni<Allocation> current(String nodesOfSite) {
        return pool.query("select slot_minutes, horizon_hours, freeze_slots from exchange_settings").execute().chain(settings -> {
            int slotMinutes = 60, horizonHours = 24, freeze = 2;
            for (Row r : settings) {
                slotMinutes = r.getInteger("slot_minutes");
                horizonHours = r.getInteger("horizon_hours");
                freeze = r.getInteger("freeze_slots");
            }
            SlotFrame frame = SlotFrame.at(clock.instant(), slotMinutes, horizonHours, freeze);
            Instant now = clock.instant();
            return pool.query("select n.name, n.site, s.region, n.cpu_cores, n.memory_gib, n.gpus, n.state"
                            + " from node n join site s on s.name = n.site order by n.name").execute()
                    .chain(nodes -> pool.preparedQuery("select t.node, p.starts_at, p.ends_at,"
                                    + " j.state in ('DISPATCHED', 'RUNNING') as running,"
                                    + " sum(j.cpu_cores) as cpu, sum(j.memory_gib) as mem, sum(j.gpus) as gpu"
                                    + " from job_plan_task t join job_plan p on p.job_id = t.job_id join job j on j.id = p.job_id"
                                    + " where j.state in ('PLANNED', 'PLACED', 'DISPATCHED', 'RUNNING')"
                                    + " and p.ends_at > $1 and p.starts_at < $2"
                                    + " group by t.node, p.starts_at, p.ends_at, running")
                            .execute(Tuple.of(frame.slotZero().atOffset(ZoneOffset.UTC),
                                    frame.startOf(frame.horizonSlots()).atOffset(ZoneOffset.UTC)))
                            .map(uses -> build(frame, now, nodes, uses, nodesOfSite)));
        });
    }

    private static final class Acc {
        final String name, parent;
        String state;
        Amount capacity = new Amount(0, 0, 0), usedNow = new Amount(0, 0, 0);
        final long[] cpu, gpu;

        Acc(String name, String parent, int slots) {
            this.name = name;
            this.parent = parent;
            this.cpu = new long[slots];
            this.gpu = new long[slots];
        }

        void add(Acc node) {
            capacity = capacity.plus(node.capacity.cpuCores(), node.capacity.memoryGiB(), node.capacity.gpus());
            usedNow = usedNow.plus(node.usedNow.cpuCores(), node.usedNow.memoryGiB(), node.usedNow.gpus());
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] += node.cpu[i];
                gpu[i] += node.gpu[i];
            }
        }

        Unit unit() {
            return new Unit(name, parent, state, capacity, usedNow, cpu, gpu);
        }
    }

    private static Allocation build(SlotFrame frame, Instant now, Iterable<Row> nodeRows, Iterable<Row> useRows, String nodesOfSite) {
        int slots = frame.horizonSlots();
        Map<String, Acc> nodes = new LinkedHashMap<>();
        for (Row r : nodeRows) {
            Acc a = new Acc(r.getString("name"), r.getString("site"), slots);
            a.state = r.getString("state");
            a.capacity = new Amount(r.getInteger("cpu_cores"), r.getDouble("memory_gib"), r.getInteger("gpus"));
            nodes.put(a.name, a);
        }
        Map<String, String> regionOf = new HashMap<>();
        for (Row r : nodeRows) regionOf.put(r.getString("site"), r.getString("region"));
        for (Row r : useRows) {
            Acc a = nodes.get(r.getString("node"));
            if (a == null) continue;
            Instant start = r.getOffsetDateTime("starts_at").toInstant(), end = r.getOffsetDateTime("ends_at").toInstant();
            long cpu = r.getLong("cpu"), gpu = r.getLong("gpu");
            double mem = r.getDouble("mem");
            if (r.getBoolean("running") && !start.isAfter(now) && end.isAfter(now)) a.usedNow = a.usedNow.plus(cpu, mem, gpu);
            int from = Math.max(0, frame.slotOf(start)), to = Math.min(slots, frame.slotAtOrAfter(end));
            for (int s = from; s < to; s++) {
                a.cpu[s] += cpu;
                a.gpu[s] += gpu;
            }
        }
        Map<String, Acc> sites = new TreeMap<>(), regions = new TreeMap<>();
        for (Acc n : nodes.values()) {
            String region = regionOf.get(n.parent);
            sites.computeIfAbsent(n.parent, s -> new Acc(s, region, slots)).add(n);
            regions.computeIfAbsent(region, s -> new Acc(s, null, slots)).add(n);
        }
        List<Unit> nodeUnits = new ArrayList<>();
        if (nodesOfSite != null) {
            for (Acc n : nodes.values()) if ("*".equals(nodesOfSite) || n.parent.equals(nodesOfSite)) nodeUnits.add(n.unit());
        }
        return new Allocation(frame.slotZero(), (int) frame.slot().toMinutes(), slots,
                regions.values().stream().map(Acc::unit).toList(), sites.values().stream().map(Acc::unit).toList(), nodeUnits);
    }
}
