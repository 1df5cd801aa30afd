package io.suanli.dashboard.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.dashboard.model.TenantsOverview;
import io.suanli.catalog.domain.EstateView;
import io.suanli.dashboard.model.TenantsOverview.Budget;
import io.suanli.dashboard.model.TenantsOverview.ProviderRow;
import io.suanli.dashboard.model.TenantsOverview.TenantRow;
import io.suanli.dashboard.model.TenantsOverview.Usage;
import io.suanli.metering.domain.Charges;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the tenants and providers view: quotas, jobs and plans with grouped queries over jobs and
 * plans, budgets, spend, usage and revenue from {@link SettlementFigures}.
 */
@Singleton
public class TenantReadModel {

    private static final String TENANTS = "select name, display_name, gpu_quota, cpu_quota from tenant order by name";

    private static final String JOBS_BY_TENANT = "select tenant, state, count(*) as n from job group by tenant, state";

    /** Plans of jobs that hold or held capacity: now, over their whole window, committed or not. */
    private static final String PLANS_BY_TENANT = """
            select j.tenant,
                   coalesce(sum(j.gpus::bigint * j.tasks) filter (where p.starts_at <= $1::timestamptz
                       and p.ends_at > $1::timestamptz and j.state in """ + LiveStates.HOLDING + """
            ), 0) as gpus_now,
                   coalesce(sum(j.cpu_cores::bigint * j.tasks) filter (where p.starts_at <= $1::timestamptz
                       and p.ends_at > $1::timestamptz and j.state in """ + LiveStates.HOLDING + """
            ), 0) as cpu_now,
                   coalesce(sum(j.gpus::float8 * j.tasks * extract(epoch from (p.ends_at - p.starts_at)) / 3600), 0) as gpu_hours,
                   coalesce(sum(j.gpus::float8 * j.tasks * extract(epoch from (p.ends_at - p.starts_at)) / 3600)
                       filter (where p.committed_at is not null), 0) as gpu_hours_committed,
                   coalesce(sum(p.carbon_kg), 0) as carbon_kg,
                   coalesce(sum(p.quoted_cost) filter (where p.committed_at is not null), 0) as quotes
            from job_plan p join job j on j.id = p.job_id
            where j.state <> 'CANCELLED'
            group by j.tenant
            """;

    private static final String PLANS_BY_SITE = """
            select p.site, count(*) as jobs, sum(p.quoted_cost) as quotes,
                   sum(j.gpus::float8 * j.tasks * extract(epoch from (p.ends_at - p.starts_at)) / 3600) as gpu_hours
            from job_plan p join job j on j.id = p.job_id
            where p.committed_at is not null and j.state <> 'CANCELLED'
            group by p.site
            """;

    private final Pool pool;
    private final SettingsStore settings;
    private final EstateCache estate;
    private final SettlementFigures settlement;
    private final DashboardConfig config;
    private final Clock clock;

    public TenantReadModel(Pool pool, SettingsStore settings, EstateCache estate, SettlementFigures settlement,
            DashboardConfig config, Clock clock) {
        this.pool = pool;
        this.settings = settings;
        this.estate = estate;
        this.settlement = settlement;
        this.config = config;
        this.clock = clock;
    }

    public Uni<TenantsOverview> overview() {
        Instant now = clock.instant();
        return settings.get().chain(exchange -> {
            ZoneId zone = ZoneId.of(exchange.timeZone());
            // Independent queries: each on a connection of its own, at the same time.
            return Uni.combine().all().unis(pool.query(TENANTS).execute(), pool.query(JOBS_BY_TENANT).execute(),
                            pool.preparedQuery(PLANS_BY_TENANT).execute(Tuple.of(Horizon.sql(now))), pool.query(PLANS_BY_SITE).execute(),
                            settlement.figures(LocalDate.ofInstant(now, zone), config.tenantDays(), zone), estate.view()).asTuple()
                    .map(all -> build(exchange.currency(), zone, all.getItem1(), all.getItem2(), all.getItem3(), all.getItem4(),
                            all.getItem5(), all.getItem6()));
        });
    }

    private static TenantsOverview build(String currency, ZoneId zone, RowSet<Row> tenants, RowSet<Row> jobs, RowSet<Row> plans,
            RowSet<Row> sites, SettlementFigures.Figures figures, EstateView view) {
        Map<String, Map<String, Long>> jobsByTenant = new HashMap<>();
        jobs.forEach(r -> jobsByTenant.computeIfAbsent(r.getString("tenant"), t -> new TreeMap<>())
                .put(r.getString("state"), r.getLong("n")));
        Map<String, Row> planRows = new HashMap<>();
        plans.forEach(r -> planRows.put(r.getString("tenant"), r));
        List<TenantRow> rows = new ArrayList<>();
        for (Row t : tenants) {
            String name = t.getString("name");
            rows.add(tenant(t, jobsByTenant.getOrDefault(name, Map.of()), planRows.get(name),
                    budget(figures.budget(name), currency), usage(figures.tenant(name), currency)));
        }
        return new TenantsOverview(currency, zone.getId(), figures.days(), rows, providers(sites, figures, view, currency));
    }

    /** Sites with revenue, usage in the window or committed plans; most revenue first. */
    private static List<ProviderRow> providers(RowSet<Row> committed, SettlementFigures.Figures figures, EstateView view,
            String currency) {
        Map<String, Row> plansBySite = new HashMap<>();
        committed.forEach(r -> plansBySite.put(r.getString("site"), r));
        Set<String> names = new TreeSet<>(plansBySite.keySet());
        names.addAll(figures.revenueMinor().keySet());
        names.addAll(figures.sites().keySet());
        List<ProviderRow> providers = new ArrayList<>();
        for (String name : names) {
            var site = view.site(name);
            Row plans = plansBySite.get(name);
            SettlementFigures.Days days = figures.site(name);
            providers.add(new ProviderRow(name, site == null || site.displayName() == null ? name : site.displayName(),
                    site == null ? null : site.region(), Charges.fromMinor(figures.revenueMinor().getOrDefault(name, 0L), currency),
                    days.money(currency), SettlementFigures.Days.plain(days.gpuHours), SettlementFigures.Days.plain(days.energyKWh),
                    plans == null ? 0 : plans.getLong("jobs"), plans == null ? BigDecimal.ZERO : plans.getBigDecimal("quotes"),
                    plans == null ? 0 : plans.getDouble("gpu_hours")));
        }
        providers.sort(Comparator.comparing(ProviderRow::revenue).reversed().thenComparing(ProviderRow::committedQuotes,
                Comparator.reverseOrder()).thenComparing(ProviderRow::site));
        return providers;
    }

    private static Budget budget(SettlementFigures.Budget b, String currency) {
        return new Budget(b.enforced(), Charges.fromMinor(b.toppedUpMinor(), currency), Charges.fromMinor(b.spentMinor(), currency),
                Charges.fromMinor(b.heldMinor(), currency), Charges.fromMinor(b.availableMinor(), currency));
    }

    private static Usage usage(SettlementFigures.Days d, String currency) {
        return new Usage(d.money(currency), SettlementFigures.Days.plain(d.gpuHours), SettlementFigures.Days.plain(d.energyKWh),
                SettlementFigures.Days.plain(d.carbonKg));
    }

    private static TenantRow tenant(Row t, Map<String, Long> jobs, Row plans, Budget budget, Usage usage) {
        String name = t.getString("name");
        String display = t.getString("display_name");
        return new TenantRow(name, display == null ? name : display, t.getInteger("gpu_quota"), t.getInteger("cpu_quota"),
                jobs, plans == null ? 0 : plans.getLong("gpus_now"), plans == null ? 0 : plans.getLong("cpu_now"),
                plans == null ? 0 : plans.getDouble("gpu_hours"), plans == null ? 0 : plans.getDouble("gpu_hours_committed"),
                plans == null ? 0 : plans.getDouble("carbon_kg"), plans == null ? BigDecimal.ZERO : plans.getBigDecimal("quotes"),
                budget, usage);
    }
}
