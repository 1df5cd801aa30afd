package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.money.Decimals;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemType;
import io.suanli.metering.domain.Charges;
import io.suanli.security.Caller;
import io.suanli.settlement.domain.Account;
import io.suanli.settlement.domain.Statement;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statements of tenants and providers (sites) per day or month, from the usage records billed in
 * the period and the ledger's refunds, reversals and corrections posted in it. A closed day's
 * records never change (late usage goes to the open day, ledger entries are dated when posted),
 * so neither does its statement.
 */
@Singleton
public class StatementService {

    public enum PartyKind { TENANT, PROVIDER }

    public enum PeriodKind { DAY, MONTH }

    private final Pool pool;
    private final SettingsStore settings;
    private final PeriodService periods;

    public StatementService(Pool pool, SettingsStore settings, PeriodService periods) {
        this.pool = pool;
        this.settings = settings;
        this.periods = periods;
    }

    /**
     * The statement {@code caller} may read: a tenant caller reads only its own tenant's statements
     * ({@code name} defaults to its tenant; naming another tenant, or asking for a provider's, is 403).
     */
    public Uni<Statement> statement(Caller caller, PartyKind partyKind, String name, PeriodKind periodKind, LocalDate date) {
        if (caller.tenantBound() && partyKind != PartyKind.TENANT) {
            throw new ProblemException(ProblemType.FORBIDDEN, "party: a tenant token reads its own tenant's statements only",
                    List.of(new FieldError("party", "a tenant token may not read provider statements")));
        }
        String party = partyKind == PartyKind.TENANT ? caller.scopeTenant(name, "name") : name;
        return statement(partyKind, party, periodKind, date);
    }

    private Uni<Statement> statement(PartyKind partyKind, String party, PeriodKind periodKind, LocalDate date) {
        if (party == null || party.isBlank()) {
            throw ProblemException.invalid("party", "is required");
        }
        LocalDate start = periodKind == PeriodKind.DAY ? date : date.withDayOfMonth(1);
        LocalDate end = periodKind == PeriodKind.DAY ? date.plusDays(1) : start.plusMonths(1);
        String column = partyKind == PartyKind.TENANT ? "tenant" : "site";
        String sql = "select site, region, gpu_model, case when charge_day <> billing_day then charge_day end as adjusts,"
                + " count(*) as n, sum(billed_cost_minor) as billed, sum(cpu_core_hours) as cpu, sum(memory_gib_hours) as mem,"
                + " sum(gpu_hours) as gpu, sum(energy_kwh) as energy, sum(carbon_kg) as carbon"
                + " from usage_record where " + column + " = $1 and billing_day >= $2 and billing_day < $3"
                + " group by site, region, gpu_model, adjusts order by site, gpu_model";
        return settings.get().chain(exchange -> pool.preparedQuery(sql).execute(Tuple.of(party, start, end))
                .chain(rows -> ledgerLines(partyKind, party, ZoneId.of(exchange.timeZone()), start, end)
                        .chain(lines -> periods.closed(start, end.minusDays(1)).map(closed -> {
                    ZoneId zone = ZoneId.of(exchange.timeZone());
                    String currency = exchange.currency();
                    Acc total = new Acc();
                    Map<String, Acc> sites = new TreeMap<>();
                    Map<String, String> regions = new TreeMap<>();
                    Map<String, Acc> gpus = new TreeMap<>();
                    Map<LocalDate, Acc> adjustments = new TreeMap<>();
                    for (Row row : rows) {
                        total.add(row);
                        sites.computeIfAbsent(row.getString("site"), s -> new Acc()).add(row);
                        regions.put(row.getString("site"), row.getString("region"));
                        if (row.getString("gpu_model") != null) {
                            gpus.computeIfAbsent(row.getString("gpu_model"), g -> new Acc()).add(row);
                        }
                        if (row.getLocalDate("adjusts") != null) {
                            adjustments.computeIfAbsent(row.getLocalDate("adjusts"), d -> new Acc()).add(row);
                        }
                    }
                    List<Statement.SiteLine> bySite = new ArrayList<>();
                    sites.forEach((site, a) -> bySite.add(new Statement.SiteLine(site, regions.get(site), a.records,
                            Charges.fromMinor(a.billed, currency), a.totals())));
                    List<Statement.GpuLine> byGpu = new ArrayList<>();
                    gpus.forEach((model, a) -> byGpu.add(new Statement.GpuLine(model, Decimals.plain(a.gpu),
                            Charges.fromMinor(a.billed, currency))));
                    List<Statement.Adjustment> adjusted = new ArrayList<>();
                    adjustments.forEach((day, a) -> adjusted.add(new Statement.Adjustment(day, a.records,
                            Charges.fromMinor(a.billed, currency))));
                    String invoiceId = "INV-" + (partyKind == PartyKind.TENANT ? "T" : "P") + "-" + party + "-"
                            + (periodKind == PeriodKind.DAY ? start.toString() : start.toString().substring(0, 7));
                    long ledgerMinor = lines.stream().mapToLong(Statement.LedgerLine::amountMinor).sum();
                    return new Statement(invoiceId, partyKind.name(), party, periodKind.name(), start, end,
                            start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant(), closed ? "CLOSED" : "OPEN",
                            currency, Charges.fromMinor(total.billed, currency), total.billed, total.records, total.totals(), bySite,
                            byGpu, adjusted, lines, Charges.fromMinor(ledgerMinor, currency),
                            Charges.fromMinor(total.billed + ledgerMinor, currency), total.billed + ledgerMinor);
                }))));
    }

    /**
     * The refunds, reversals and corrections posted in {@code [start, end)} (exchange days) that
     * change the party's charges: their postings on provider revenue and platform fees, which is
     * what captures charge. A tenant's are the entries of its tenant; a provider's those with a
     * posting on its site's revenue. Entries that only move money between budget, hold and
     * funding (a reversed top-up) change no charge and are not listed.
     */
    private Uni<List<Statement.LedgerLine>> ledgerLines(PartyKind partyKind, String party, ZoneId zone, LocalDate start, LocalDate end) {
        String whose = partyKind == PartyKind.TENANT ? "e.tenant = $1"
                : "exists (select 1 from ledger_posting r where r.entry_id = e.id and r.account = $1)";
        String who = partyKind == PartyKind.TENANT ? party : Account.revenue(party).id();
        String sql = "select e.id, e.kind, e.job_id::text, e.reverses, e.description, e.at, p.currency::text, sum(p.amount_minor)"
                + " from ledger_entry e join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account"
                + " where e.kind in ('REFUND', 'REVERSAL', 'CORRECTION') and e.at >= $2 and e.at < $3 and " + whose
                + " and a.kind in ('PROVIDER_REVENUE', 'PLATFORM_FEES')"
                + " group by e.id, p.currency having sum(p.amount_minor) <> 0 order by e.at, e.id";
        Tuple params = Tuple.of(who, start.atStartOfDay(zone).toOffsetDateTime(), end.atStartOfDay(zone).toOffsetDateTime());
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<Statement.LedgerLine> lines = new ArrayList<>();
            for (Row row : rows) {
                String currency = row.getString(6).trim();
                long minor = row.getLong(7);
                java.time.Instant at = row.getOffsetDateTime(5).toInstant();
                lines.add(new Statement.LedgerLine(row.getLong(0), row.getString(1), row.getString(2), row.getLong(3), at,
                        at.atZone(zone).toLocalDate(), row.getString(4), Charges.fromMinor(minor, currency), minor));
            }
            return lines;
        });
    }

    /** Running sums of grouped rows. */
    private static final class Acc {
        long records;
        long billed;
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal mem = BigDecimal.ZERO;
        BigDecimal gpu = BigDecimal.ZERO;
        BigDecimal energy = BigDecimal.ZERO;
        BigDecimal carbon = BigDecimal.ZERO;

        void add(Row row) {
            records += row.getLong("n");
            billed += row.getLong("billed");
            cpu = cpu.add(row.getBigDecimal("cpu"));
            mem = mem.add(row.getBigDecimal("mem"));
            gpu = gpu.add(row.getBigDecimal("gpu"));
            energy = energy.add(row.getBigDecimal("energy"));
            carbon = carbon.add(row.getBigDecimal("carbon"));
        }

        Statement.Totals totals() {
            return new Statement.Totals(Decimals.plain(cpu), Decimals.plain(mem), Decimals.plain(gpu), Decimals.plain(energy),
                    Decimals.plain(carbon));
        }
    }
}
