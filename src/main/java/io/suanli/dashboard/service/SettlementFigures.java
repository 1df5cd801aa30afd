package io.suanli.dashboard.service;

import io.smallrye.mutiny.Uni;
import io.suanli.common.money.Decimals;
import io.suanli.metering.domain.Charges;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What settlement and metering know of tenants and sites, for the tenants view: budgets from the
 * cached ledger balances, spend and provider revenue per day from the ledger's captures, usage per
 * day from the usage records. Five grouped queries, run concurrently, whose answers grow with tenants, sites and days,
 * not with jobs or records.
 */
@Singleton
public class SettlementFigures {

    /**
     * Balances are cached on the accounts; top-ups are summed per tenant (a partial index keeps them
     * apart from the holds and captures).
     */
    private static final String BUDGETS = """
            select a.owner,
                   coalesce(sum(a.balance_minor) filter (where a.kind = 'TENANT_BUDGET'), 0) as available,
                   coalesce(sum(a.balance_minor) filter (where a.kind = 'TENANT_HOLD'), 0) as held,
                   coalesce(bool_or(a.enforced), false) as enforced,
                   coalesce((select sum(p.amount_minor) from ledger_entry e join ledger_posting p on p.entry_id = e.id
                             where e.kind = 'TOP_UP' and e.tenant = a.owner and p.account = 'budget:' || a.owner), 0) as topped_up
            from ledger_account a where a.kind in ('TENANT_BUDGET', 'TENANT_HOLD') and a.owner is not null
            group by a.owner
            """;

    /** A capture's positive legs (provider revenue and platform fee) add up to what it charged. */
    private static final String SPEND_BY_DAY = """
            select e.tenant, (e.usage_hour at time zone $3)::date as day, sum(p.amount_minor) as captured
            from ledger_entry e join ledger_posting p on p.entry_id = e.id
            where e.kind = 'CAPTURE' and e.usage_hour >= $1 and e.usage_hour < $2 and p.amount_minor > 0
            group by e.tenant, day
            """;

    private static final String REVENUE_BY_DAY = """
            select a.owner as site, (e.usage_hour at time zone $3)::date as day, sum(p.amount_minor) as revenue
            from ledger_entry e join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account
            where e.kind = 'CAPTURE' and e.usage_hour >= $1 and e.usage_hour < $2 and a.kind = 'PROVIDER_REVENUE'
            group by a.owner, day
            """;

    private static final String REVENUE = "select owner, balance_minor from ledger_account where kind = 'PROVIDER_REVENUE'";

    /** Per tenant and day, and per site and day, in one pass over the window's records. */
    private static final String USAGE_BY_DAY = """
            select tenant, site, charge_day as day, sum(gpu_hours) as gpu_hours, sum(energy_kwh) as energy_kwh,
                   sum(carbon_kg) as carbon_kg
            from usage_record where charge_day >= $1 and charge_day < $2
            group by grouping sets ((tenant, charge_day), (site, charge_day))
            """;

    /** A tenant's budget in minor units. */
    public record Budget(boolean enforced, long toppedUpMinor, long heldMinor, long availableMinor) {

        static final Budget NONE = new Budget(false, 0, 0, 0);

        /** Everything that left the budget and the hold for good: captures net of refunds and corrections. */
        public long spentMinor() {
            return toppedUpMinor - heldMinor - availableMinor;
        }
    }

    /** Per-day sums of one party (tenant or site), one entry per day of the window. */
    public static final class Days {
        public final long[] moneyMinor;
        public final BigDecimal[] gpuHours;
        public final BigDecimal[] energyKWh;
        public final BigDecimal[] carbonKg;

        Days(int n) {
            moneyMinor = new long[n];
            gpuHours = zeros(n);
            energyKWh = zeros(n);
            carbonKg = zeros(n);
        }

        private static BigDecimal[] zeros(int n) {
            BigDecimal[] a = new BigDecimal[n];
            java.util.Arrays.fill(a, BigDecimal.ZERO);
            return a;
        }

        public List<BigDecimal> money(String currency) {
            List<BigDecimal> out = new ArrayList<>(moneyMinor.length);
            for (long m : moneyMinor) out.add(Charges.fromMinor(m, currency));
            return out;
        }

        public static List<BigDecimal> plain(BigDecimal[] values) {
            List<BigDecimal> out = new ArrayList<>(values.length);
            for (BigDecimal v : values) out.add(Decimals.plain(v));
            return out;
        }
    }

    /** Everything the view needs from settlement and metering for one window of days. */
    public record Figures(List<LocalDate> days, Map<String, Budget> budgets, Map<String, Days> tenants, Map<String, Days> sites,
            Map<String, Long> revenueMinor) {

        public Budget budget(String tenant) {
            return budgets.getOrDefault(tenant, Budget.NONE);
        }

        public Days tenant(String tenant) {
            return tenants.getOrDefault(tenant, new Days(days.size()));
        }

        public Days site(String site) {
            return sites.getOrDefault(site, new Days(days.size()));
        }
    }

    private final Pool pool;

    public SettlementFigures(Pool pool) {
        this.pool = pool;
    }

    /** The figures for the {@code dayCount} days of {@code zone} up to and including {@code today}. */
    public Uni<Figures> figures(LocalDate today, int dayCount, ZoneId zone) {
        LocalDate first = today.minusDays(dayCount - 1L);
        LocalDate end = today.plusDays(1);
        List<LocalDate> days = first.datesUntil(end).toList();
        Tuple window = Tuple.of(first.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC),
                end.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC), zone.getId());
        Map<String, Days> tenants = new HashMap<>();
        Map<String, Days> sites = new HashMap<>();
        // Independent queries: each on a connection of its own, at the same time.
        return Uni.combine().all().unis(pool.query(BUDGETS).execute(), pool.preparedQuery(SPEND_BY_DAY).execute(window),
                        pool.preparedQuery(REVENUE_BY_DAY).execute(window), pool.query(REVENUE).execute(),
                        pool.preparedQuery(USAGE_BY_DAY).execute(Tuple.of(first, end))).asTuple()
                .map(all -> {
                    RowSet<Row> budgetRows = all.getItem1(), spend = all.getItem2(), revenueByDay = all.getItem3(),
                            revenue = all.getItem4(), usage = all.getItem5();
                    Map<String, Budget> budgets = new HashMap<>();
                    for (Row r : budgetRows) {
                        budgets.put(r.getString("owner"), new Budget(r.getBoolean("enforced"), r.getLong("topped_up"),
                                r.getLong("held"), r.getLong("available")));
                    }
                    for (Row r : spend) {
                        days(tenants, r.getString("tenant"), days.size()).moneyMinor[index(first, r)] += r.getLong("captured");
                    }
                    for (Row r : revenueByDay) {
                        days(sites, r.getString("site"), days.size()).moneyMinor[index(first, r)] += r.getLong("revenue");
                    }
                    for (Row r : usage) {
                        boolean perTenant = r.getString("tenant") != null;
                        Days d = days(perTenant ? tenants : sites,
                                perTenant ? r.getString("tenant") : r.getString("site"), days.size());
                        int i = index(first, r);
                        d.gpuHours[i] = r.getBigDecimal("gpu_hours");
                        d.energyKWh[i] = r.getBigDecimal("energy_kwh");
                        d.carbonKg[i] = r.getBigDecimal("carbon_kg");
                    }
                    Map<String, Long> revenueMinor = new HashMap<>();
                    revenue.forEach(r -> revenueMinor.put(r.getString("owner"), r.getLong("balance_minor")));
                    return new Figures(days, budgets, tenants, sites, revenueMinor);
                });
    }

    private static Days days(Map<String, Days> byParty, String party, int n) {
        return byParty.computeIfAbsent(party, p -> new Days(n));
    }

    private static int index(LocalDate first, Row row) {
        return (int) (row.getLocalDate("day").toEpochDay() - first.toEpochDay());
    }
}
