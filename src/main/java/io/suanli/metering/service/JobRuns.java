package io.suanli.metering.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.UnitPrices;
import io.suanli.metering.domain.JobRun;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Loads what metering needs of committed jobs (resources, run window, the node and locked prices of
 * each task) in one query for a whole batch, joined with the estate's node, site and region facts.
 */
@Singleton
public class JobRuns {

    private static final String SQL = "select j.id::text as job_id, j.tenant, j.state, j.cpu_cores, j.memory_gib, j.gpus,"
            + " p.attempt, p.site, p.starts_at, p.ends_at, t.task, t.node,"
            + " t.price_cpu_core::text as pc, t.price_memory_gib::text as pm, t.price_gpu::text as pg"
            + " from job j join job_plan p on p.job_id = j.id join job_plan_task t on t.job_id = j.id"
            + " where j.id = any($1::uuid[]) and p.committed_at is not null";

    private final Pool pool;

    public JobRuns(Pool pool) {
        this.pool = pool;
    }

    /** The committed runs of {@code jobIds} by id; ids that are malformed, unknown or uncommitted are absent. */
    public Uni<Map<String, JobRun>> load(Collection<String> jobIds, EstateView estate) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String id : jobIds) {
            try {
                if (id != null) {
                    ids.add(UUID.fromString(id));
                }
            } catch (IllegalArgumentException notAJobId) {
                // reported as an unknown job by the caller
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(SQL).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rows -> {
            Map<String, JobRun> runs = new HashMap<>();
            Map<String, Map<Integer, JobRun.TaskPlacement>> tasks = new HashMap<>();
            for (Row row : rows) {
                String jobId = row.getString("job_id");
                Node node = nodeOf(estate, row.getString("node"));
                Site site = estate.site(row.getString("site"));
                if (node == null || site == null || estate.region(site.region()) == null) {
                    continue;
                }
                Map<Integer, JobRun.TaskPlacement> placements = tasks.computeIfAbsent(jobId, k -> new HashMap<>());
                placements.put(row.getInteger("task"), new JobRun.TaskPlacement(row.getInteger("task"), node,
                        new UnitPrices(new java.math.BigDecimal(row.getString("pc")), new java.math.BigDecimal(row.getString("pm")),
                                new java.math.BigDecimal(row.getString("pg")))));
                runs.computeIfAbsent(jobId, k -> new JobRun(jobId, row.getString("tenant"), row.getString("state"),
                        row.getInteger("attempt"), row.getInteger("cpu_cores"), row.getDouble("memory_gib"), row.getInteger("gpus"),
                        row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant(), site,
                        estate.region(site.region()), placements));
            }
            return runs;
        });
    }

    /** Nodes by name of the last estate view seen: views are shared and replaced whole, so one index per view. */
    private volatile NodeIndex nodeIndex;

    private record NodeIndex(EstateView view, Map<String, Node> byName) {}

    private Node nodeOf(EstateView estate, String name) {
        NodeIndex index = nodeIndex;
        if (index == null || index.view() != estate) {
            Map<String, Node> byName = new HashMap<>();
            estate.nodes().forEach(n -> byName.put(n.name(), n));
            index = new NodeIndex(estate, byName);
            nodeIndex = index;
        }
        return index.byName().get(name);
    }
}
