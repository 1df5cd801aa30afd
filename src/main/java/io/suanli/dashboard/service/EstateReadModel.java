package io.suanli.dashboard.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.dashboard.model.EstateSnapshot;
import io.suanli.dashboard.model.EstateSnapshot.Capacity;
import io.suanli.dashboard.model.EstateSnapshot.CityTotals;
import io.suanli.dashboard.model.EstateSnapshot.Prices;
import io.suanli.dashboard.model.EstateSnapshot.RegionSummary;
import io.suanli.dashboard.model.EstateSnapshot.SiteSummary;
import io.suanli.dashboard.model.EstateSnapshot.SlotSeries;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the estate view. Capacity and prices come from the estate cache (already in memory for
 * admission); what plans hold per site and slot is one grouped SQL query over the plans that
 * overlap the horizon, so the answer stays small and quick however many jobs exist.
 */
@Singleton
public class EstateReadModel {

    /**
     * What plans of live jobs hold, grouped by site and by the range of slots they cover: plans with
     * the same site and window collapse into one row, so the answer has at most sites × slots²
     * rows however many jobs there are; the ranges are spread over slots in Java.
     */
    private static final String USAGE_BY_SITE_AND_WINDOW = """
            select p.site,
                   greatest(0, floor(extract(epoch from (p.starts_at - $1::timestamptz)) / $2::float8)::int) as first_slot,
                   least($3::int - 1, ceil(extract(epoch from (p.ends_at - $1::timestamptz)) / $2::float8)::int - 1) as last_slot,
                   sum(j.cpu_cores::bigint * j.tasks) as cpu,
                   sum(j.memory_gib * j.tasks) as mem,
                   sum(j.gpus::bigint * j.tasks) as gpu,
                   sum(case when p.committed_at is null then j.gpus::bigint * j.tasks else 0 end) as gpu_tentative
            from job_plan p
            join job j on j.id = p.job_id
            where p.ends_at > $1::timestamptz and p.starts_at < $4::timestamptz and j.state in """ + LiveStates.HOLDING + """

            group by 1, 2, 3
            """;

    private static final String JOBS_BY_STATE = "select state, count(*) as n from job group by state";

    private final EstateCache estate;
    private final SettingsStore settings;
    private final Pool pool;
    private final Clock clock;
    private final RegionOrder regionOrder;

    public EstateReadModel(EstateCache estate, SettingsStore settings, Pool pool, Clock clock, RegionOrder regionOrder) {
        this.estate = estate;
        this.settings = settings;
        this.pool = pool;
        this.clock = clock;
        this.regionOrder = regionOrder;
    }

    public Uni<EstateSnapshot> snapshot() {
        return settings.get().chain(exchange -> {
            Horizon horizon = Horizon.of(clock.instant(), exchange);
            return estate.view().chain(view -> usage(horizon).chain(usage -> jobsByState()
                    .map(jobs -> build(view, exchange, horizon, usage, jobs))));
        });
    }

    private Uni<Map<String, SlotSeries>> usage(Horizon horizon) {
        Tuple params = Tuple.of(Horizon.sql(horizon.start()), (double) horizon.slot().toSeconds(), horizon.slots(),
                Horizon.sql(horizon.end()));
        return pool.preparedQuery(USAGE_BY_SITE_AND_WINDOW).execute(params).map(rows -> {
            Map<String, SlotSeries> bySite = new HashMap<>();
            for (Row row : rows) {
                SlotSeries series = bySite.computeIfAbsent(row.getString("site"), s -> emptySeries(horizon.slots()));
                long cpu = row.getLong("cpu");
                double mem = row.getDouble("mem");
                long gpu = row.getLong("gpu");
                long tentative = row.getLong("gpu_tentative");
                for (int slot = row.getInteger("first_slot"); slot <= row.getInteger("last_slot"); slot++) {
                    series.cpuCores()[slot] += cpu;
                    series.memoryGiB()[slot] += mem;
                    series.gpus()[slot] += gpu;
                    series.tentativeGpus()[slot] += tentative;
                }
            }
            return bySite;
        });
    }

    private Uni<Map<String, Long>> jobsByState() {
        return pool.query(JOBS_BY_STATE).execute().map(rows -> {
            Map<String, Long> counts = new TreeMap<>();
            rows.forEach(row -> counts.put(row.getString("state"), row.getLong("n")));
            return counts;
        });
    }

    private EstateSnapshot build(EstateView view, ExchangeSettings exchange, Horizon horizon,
            Map<String, SlotSeries> usage, Map<String, Long> jobs) {
        Map<String, List<Node>> nodesBySite = new HashMap<>();
        view.nodes().forEach(n -> nodesBySite.computeIfAbsent(n.site(), s -> new ArrayList<>()).add(n));
        double medianCpuPrice = PriceLevels.median(view.sites().stream()
                .map(s -> nodesBySite.getOrDefault(s.name(), List.of()))
                .filter(nodes -> !nodes.isEmpty())
                .mapToDouble(PriceLevels::averageCpuPrice).toArray());

        Map<String, List<SiteSummary>> sitesByRegion = new TreeMap<>();
        for (Site site : view.sites()) {
            List<Node> nodes = nodesBySite.getOrDefault(site.name(), List.of());
            SlotSeries series = usage.getOrDefault(site.name(), emptySeries(horizon.slots()));
            sitesByRegion.computeIfAbsent(site.region(), r -> new ArrayList<>())
                    .add(site(site, nodes, series, medianCpuPrice));
        }
        List<RegionSummary> regions = new ArrayList<>();
        for (String name : regionOrder.sort(sitesByRegion.keySet())) {
            Region region = view.region(name);
            List<SiteSummary> sites = sitesByRegion.get(name);
            sites.sort(Comparator.comparing(SiteSummary::tier).thenComparing(SiteSummary::name));
            regions.add(new RegionSummary(name, region == null ? name : displayName(region),
                    region == null ? 0 : region.intensityAt(horizon.now()), sites));
        }
        return new EstateSnapshot(horizon.now(), horizon.start(), exchange.slotMinutes(), horizon.slots(),
                exchange.currency(), exchange.timeZone(), city(regions, jobs), regions);
    }

    private static SiteSummary site(Site site, List<Node> nodes, SlotSeries series, double medianCpuPrice) {
        long cpu = 0;
        long gpus = 0;
        double mem = 0;
        int draining = 0;
        int down = 0;
        TreeSet<String> models = new TreeSet<>();
        for (Node n : nodes) {
            if (n.state() == NodeState.DOWN) {
                down++;
                continue;
            }
            if (n.state() == NodeState.DRAINING) {
                draining++;
            }
            cpu += n.cpuCores();
            mem += n.memoryGiB();
            gpus += n.gpus();
            if (n.gpuModel() != null) {
                models.add(n.gpuModel());
            }
        }
        Capacity usedNow = new Capacity(series.cpuCores()[0], series.memoryGiB()[0], series.gpus()[0]);
        Prices prices = PriceLevels.averages(nodes);
        return new SiteSummary(site.name(), site.displayName() == null ? site.name() : site.displayName(),
                site.tier().name(), site.pue() == null ? 1.0 : site.pue(), nodes.size(), draining, down,
                List.copyOf(models), new Capacity(cpu, mem, gpus), usedNow, series, prices,
                PriceLevels.level(prices.cpuCore(), medianCpuPrice));
    }

    private static CityTotals city(List<RegionSummary> regions, Map<String, Long> jobs) {
        int sites = 0;
        int nodes = 0;
        int draining = 0;
        int down = 0;
        long cpu = 0;
        long gpus = 0;
        double mem = 0;
        long usedCpu = 0;
        long usedGpus = 0;
        double usedMem = 0;
        for (RegionSummary region : regions) {
            for (SiteSummary s : region.sites()) {
                sites++;
                nodes += s.nodes();
                draining += s.nodesDraining();
                down += s.nodesDown();
                cpu += s.capacity().cpuCores();
                mem += s.capacity().memoryGiB();
                gpus += s.capacity().gpus();
                usedCpu += s.usedNow().cpuCores();
                usedMem += s.usedNow().memoryGiB();
                usedGpus += s.usedNow().gpus();
            }
        }
        return new CityTotals(regions.size(), sites, nodes, draining, down, new Capacity(cpu, mem, gpus),
                new Capacity(usedCpu, usedMem, usedGpus), new LinkedHashMap<>(jobs));
    }

    private static String displayName(Region region) {
        return region.displayName() == null || region.displayName().isBlank() ? region.name() : region.displayName();
    }

    private static SlotSeries emptySeries(int slots) {
        return new SlotSeries(new long[slots], new double[slots], new long[slots], new long[slots]);
    }
}
