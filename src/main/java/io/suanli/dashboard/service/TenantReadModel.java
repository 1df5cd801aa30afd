package io.suanli.dashboard.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.dashboard.model.TenantsOverview;
import io.suanli.dashboard.model.TenantsOverview.ProviderRow;
import io.suanli.dashboard.model.TenantsOverview.TenantRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the tenants and providers view with three grouped queries. */
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
            group by p.site order by quotes desc
            """;

    static final List<String> PENDING = List.of(
            "Spend against budget, holds and refunds: settlement (double-entry ledger).",
            "Energy (kWh), measured GPU-hours and carbon of what actually ran: metering.",
            "Provider revenue after platform fees: settlement.");

    private final Pool pool;
    private final SettingsStore settings;
    private final EstateCache estate;
    private final Clock clock;

    public TenantReadModel(Pool pool, SettingsStore settings, EstateCache estate, Clock clock) {
        this.pool = pool;
        this.settings = settings;
        this.estate = estate;
        this.clock = clock;
    }

    public Uni<TenantsOverview> overview() {
        return settings.get().chain(exchange -> pool.query(TENANTS).execute().chain(tenants ->
                pool.query(JOBS_BY_TENANT).execute().chain(jobs ->
                        pool.preparedQuery(PLANS_BY_TENANT).execute(Tuple.of(Horizon.sql(clock.instant()))).chain(plans ->
                                pool.query(PLANS_BY_SITE).execute().chain(sites -> estate.view().map(view -> {
                                    Map<String, Map<String, Long>> jobsByTenant = new HashMap<>();
                                    jobs.forEach(r -> jobsByTenant.computeIfAbsent(r.getString("tenant"), t -> new TreeMap<>())
                                            .put(r.getString("state"), r.getLong("n")));
                                    Map<String, Row> planRows = new HashMap<>();
                                    plans.forEach(r -> planRows.put(r.getString("tenant"), r));
                                    List<TenantRow> rows = new ArrayList<>();
                                    for (Row t : tenants) {
                                        rows.add(tenant(t, jobsByTenant.getOrDefault(t.getString("name"), Map.of()),
                                                planRows.get(t.getString("name"))));
                                    }
                                    List<ProviderRow> providers = new ArrayList<>();
                                    for (Row s : sites) {
                                        var site = view.site(s.getString("site"));
                                        providers.add(new ProviderRow(s.getString("site"),
                                                site == null || site.displayName() == null ? s.getString("site") : site.displayName(),
                                                site == null ? null : site.region(), s.getLong("jobs"),
                                                s.getBigDecimal("quotes"), s.getDouble("gpu_hours")));
                                    }
                                    return new TenantsOverview(exchange.currency(), rows, providers, PENDING);
                                }))))));
    }

    private static TenantRow tenant(Row t, Map<String, Long> jobs, Row plans) {
        String name = t.getString("name");
        String display = t.getString("display_name");
        return new TenantRow(name, display == null ? name : display, t.getInteger("gpu_quota"), t.getInteger("cpu_quota"),
                jobs, plans == null ? 0 : plans.getLong("gpus_now"), plans == null ? 0 : plans.getLong("cpu_now"),
                plans == null ? 0 : plans.getDouble("gpu_hours"), plans == null ? 0 : plans.getDouble("gpu_hours_committed"),
                plans == null ? 0 : plans.getDouble("carbon_kg"), plans == null ? BigDecimal.ZERO : plans.getBigDecimal("quotes"));
    }
}
