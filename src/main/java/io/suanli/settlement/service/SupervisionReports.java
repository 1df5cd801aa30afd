package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.money.Decimals;
import io.suanli.common.problem.ProblemException;
import io.suanli.metering.domain.Charges;
import io.suanli.settlement.domain.UsageReportView;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Usage reports for regulators, grouped by tenant, region, tier or site, from the usage records. */
@Singleton
public class SupervisionReports {

    private static final Map<String, String> COLUMNS = Map.of("tenant", "tenant", "region", "region", "tier", "tier", "site", "site");

    private final Pool pool;
    private final SettingsStore settings;
    private final List<String> westernRegions;

    public SupervisionReports(Pool pool, SettingsStore settings,
            @ConfigProperty(name = "suanli.reports.western-regions") List<String> westernRegions) {
        this.pool = pool;
        this.settings = settings;
        this.westernRegions = List.copyOf(westernRegions);
    }

    /** Usage of records starting in {@code [from, to)}; {@code tenantScope} restricts to one tenant (null: all). */
    public Uni<UsageReportView> usage(Instant from, Instant to, String by, String tenantScope) {
        String column = by == null ? null : COLUMNS.get(by);
        if (column == null) {
            throw ProblemException.invalid("by", "'" + by + "' is not one of tenant, region, tier, site");
        }
        String sql = "select coalesce(" + column + ", 'total') as key, count(*) as n, coalesce(sum(cpu_core_hours), 0) as cpu,"
                + " coalesce(sum(gpu_hours), 0) as gpu, coalesce(sum(energy_kwh), 0) as energy, coalesce(sum(carbon_kg), 0) as carbon, coalesce(sum(billed_cost_minor), 0) as spend,"
                + " coalesce(sum(energy_kwh) filter (where region = any($3)), 0) as western"
                + " from usage_record where starts_at >= $1 and starts_at < $2"
                + (tenantScope == null ? "" : " and tenant = $4")
                + " group by rollup(" + column + ") order by " + column + " nulls last";
        Tuple params = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), westernRegions.toArray(new String[0]));
        if (tenantScope != null) {
            params.addValue(tenantScope);
        }
        return settings.get().chain(exchange -> pool.preparedQuery(sql).execute(params).map(rows -> {
            List<UsageReportView.Line> lines = new ArrayList<>();
            UsageReportView.Line total = line("total", null, exchange.currency());
            int n = rows.size();
            int i = 0;
            for (Row row : rows) {
                UsageReportView.Line line = line(row.getString("key"), row, exchange.currency());
                if (++i == n) {
                    total = line;
                } else {
                    lines.add(line);
                }
            }
            return new UsageReportView(from, to, by, exchange.currency(), lines, total);
        }));
    }

    private static UsageReportView.Line line(String key, Row row, String currency) {
        if (row == null) {
            return new UsageReportView.Line(key, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    Charges.fromMinor(0, currency), BigDecimal.ZERO);
        }
        BigDecimal energy = row.getBigDecimal("energy");
        BigDecimal western = row.getBigDecimal("western");
        BigDecimal share = energy.signum() == 0 ? BigDecimal.ZERO : western.divide(energy, 4, RoundingMode.HALF_UP);
        return new UsageReportView.Line(key, row.getLong("n"), Decimals.plain(row.getBigDecimal("cpu")),
                Decimals.plain(row.getBigDecimal("gpu")), Decimals.plain(energy), Decimals.plain(row.getBigDecimal("carbon")),
                Charges.fromMinor(row.getLong("spend"), currency), Decimals.plain(share));
    }
}
