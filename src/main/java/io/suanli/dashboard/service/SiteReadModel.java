package io.suanli.dashboard.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.problem.ProblemException;
import io.suanli.dashboard.model.SiteDetail;
import io.suanli.dashboard.model.SiteDetail.NodeUse;
import io.suanli.dashboard.model.SiteDetail.Placement;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.inject.Singleton;

/** Builds the site view: the node heat map and the placement timeline, both aggregated in SQL. */
@Singleton
public class SiteReadModel {

    /** What plans of live jobs hold on each node of the site in the current slot. */
    private static final String USE_BY_NODE = """
            select t.node, sum(j.cpu_cores) as cpu, sum(j.memory_gib) as mem, sum(j.gpus) as gpu, count(*) as tasks
            from job_plan p
            join job_plan_task t on t.job_id = p.job_id
            join job j on j.id = p.job_id
            where p.site = $1 and p.starts_at < $3::timestamptz and p.ends_at > $2::timestamptz
              and j.state in """ + LiveStates.HOLDING + """

            group by t.node
            """;

    /** The placements over the horizon, earliest first, with up to 8 of their nodes each. */
    private static final String PLACEMENTS = """
            select p.job_id, j.tenant, j.external_id, j.state, p.committed_at is not null as committed,
                   p.starts_at, p.ends_at, j.tasks, j.gpus, j.gpu_model, p.hourly_price, p.carbon_kg,
                   array(select t.node from job_plan_task t where t.job_id = p.job_id order by t.task limit 8) as nodes,
                   count(*) over () as total
            from job_plan p
            join job j on j.id = p.job_id
            where p.site = $1 and p.ends_at > $2::timestamptz and p.starts_at < $3::timestamptz
              and j.state in """ + LiveStates.HOLDING + """

            order by p.starts_at, p.job_id
            limit $4
            """;

    private final EstateCache estate;
    private final SettingsStore settings;
    private final Pool pool;
    private final Clock clock;
    private final DashboardConfig config;

    public SiteReadModel(EstateCache estate, SettingsStore settings, Pool pool, Clock clock, DashboardConfig config) {
        this.estate = estate;
        this.settings = settings;
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    public Uni<SiteDetail> site(String name) {
        return settings.get().chain(exchange -> estate.view().chain(view -> {
            Site site = view.site(name);
            if (site == null) {
                throw ProblemException.notFound("site", name);
            }
            Horizon horizon = Horizon.of(clock.instant(), exchange);
            return useByNode(name, horizon).chain(use -> placements(name, horizon).map(placements -> {
                Region region = view.region(site.region());
                long total = placements.isEmpty() ? 0 : placements.get(0).total();
                return new SiteDetail(site.name(), site.displayName() == null ? site.name() : site.displayName(),
                        site.region(), region == null || region.displayName() == null ? site.region() : region.displayName(),
                        site.tier().name(), site.pue() == null ? 1.0 : site.pue(), horizon.now(), horizon.start(),
                        horizon.end(), exchange.currency(), exchange.timeZone(), nodes(view, name, use),
                        placements.stream().map(Counted::placement).toList(), total);
            }));
        }));
    }

    private static List<NodeUse> nodes(EstateView view, String site, Map<String, NodeUse> use) {
        List<NodeUse> nodes = new ArrayList<>();
        for (Node n : view.nodes()) {
            if (!n.site().equals(site)) {
                continue;
            }
            NodeUse used = use.get(n.name());
            nodes.add(new NodeUse(n.name(), n.state().name(), n.cpuCores(), n.memoryGiB(), n.gpus(), n.gpuModel(),
                    used == null ? 0 : used.usedCpuCores(), used == null ? 0 : used.usedMemoryGiB(),
                    used == null ? 0 : used.usedGpus(), used == null ? 0 : used.tasks()));
        }
        nodes.sort(Comparator.comparing(NodeUse::name));
        return nodes;
    }

    private Uni<Map<String, NodeUse>> useByNode(String site, Horizon horizon) {
        return pool.preparedQuery(USE_BY_NODE)
                .execute(Tuple.of(site, Horizon.sql(horizon.start()), Horizon.sql(horizon.firstSlotEnd())))
                .map(rows -> {
                    Map<String, NodeUse> use = new HashMap<>();
                    for (Row row : rows) {
                        String node = row.getString("node");
                        use.put(node, new NodeUse(node, null, 0, 0, 0, null, row.getLong("cpu"), row.getDouble("mem"),
                                row.getLong("gpu"), row.getInteger("tasks")));
                    }
                    return use;
                });
    }

    /** A placement and how many the whole site has in the window. */
    private record Counted(Placement placement, long total) {}

    private Uni<List<Counted>> placements(String site, Horizon horizon) {
        Tuple params = Tuple.of(site, Horizon.sql(horizon.start()), Horizon.sql(horizon.end()), config.maxTimelineRows());
        return pool.preparedQuery(PLACEMENTS).execute(params).map(rows -> {
            List<Counted> placements = new ArrayList<>();
            for (Row row : rows) {
                placements.add(new Counted(new Placement(
                        row.getUUID("job_id").toString(), row.getString("tenant"), row.getString("external_id"),
                        row.getString("state"), row.getBoolean("committed"),
                        row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant(),
                        row.getInteger("tasks"), row.getInteger("gpus"), row.getString("gpu_model"),
                        row.getBigDecimal("hourly_price"), row.getDouble("carbon_kg"),
                        Arrays.asList(row.getArrayOfStrings("nodes"))), row.getLong("total")));
            }
            return placements;
        });
    }
}
