package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.problem.ProblemException;
import io.suanli.metering.domain.Charges;
import io.suanli.metering.service.FocusExport;
import io.suanli.settlement.domain.Reconciliation;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proves that usage billed cost = ledger captures = statement totals = FOCUS BilledCost over a
 * range of whole hours, and reports every difference. The FOCUS figure is summed from the CSV the
 * export streams, so a formatting or splitting fault there shows up here.
 */
@Singleton
public class ReconciliationService {

    private final Pool pool;
    private final SettingsStore settings;
    private final FocusExport focus;
    private final LedgerAudit audit;

    public ReconciliationService(Pool pool, SettingsStore settings, FocusExport focus, LedgerAudit audit) {
        this.pool = pool;
        this.settings = settings;
        this.focus = focus;
        this.audit = audit;
    }

    public Uni<Reconciliation> reconcile(Instant from, Instant to) {
        if (from.getEpochSecond() % 3600 != 0 || to.getEpochSecond() % 3600 != 0 || from.getNano() != 0 || to.getNano() != 0) {
            throw ProblemException.invalid("from", "from and to must be whole hours (captures are per usage hour)");
        }
        return settings.get().chain(exchange -> {
            String currency = exchange.currency();
            ZoneId zone = ZoneId.of(exchange.timeZone());
            Tuple range = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
            Uni<Row> usage = pool.preparedQuery("select count(*) as n, coalesce(sum(billed_cost_minor), 0) as billed,"
                    + " coalesce(sum(billed_cost_minor) filter (where (tx, id) > (select after_tx, after_id from settlement_cursor"
                    + " where name = 'usage')), 0) as unsettled"
                    + " from usage_record where starts_at >= $1 and starts_at < $2").execute(range).map(r -> r.iterator().next());
            Uni<Long> captured = pool.preparedQuery("select coalesce(sum(p.amount_minor), 0) from ledger_entry e"
                    + " join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account"
                    + " where e.kind in ('CAPTURE', 'REVERSAL', 'CORRECTION') and e.usage_hour >= $1 and e.usage_hour < $2"
                    + " and a.kind in ('PROVIDER_REVENUE', 'PLATFORM_FEES')").execute(range)
                    .map(r -> r.iterator().next().getLong(0));
            LocalDate firstDay = from.atZone(zone).toLocalDate();
            LocalDate endDay = to.atZone(zone).toLocalDate();
            boolean wholeDays = from.equals(firstDay.atStartOfDay(zone).toInstant()) && to.equals(endDay.atStartOfDay(zone).toInstant());
            Uni<Long> statements = !wholeDays ? Uni.createFrom().nullItem()
                    : pool.preparedQuery("select coalesce(sum(billed_cost_minor), 0) from usage_record"
                            + " where billing_day >= $1 and billing_day < $2").execute(Tuple.of(firstDay, endDay))
                    .map(r -> r.iterator().next().getLong(0));
            Uni<Long> focusTotal = focusBilled(from, to, currency);
            // One after the other: the export and the audit use the request's reactive session, which is not for parallel use.
            Uni<io.smallrye.mutiny.tuples.Tuple5<Row, Long, Long, Long, LedgerAudit.Result>> all = usage
                    .chain(u -> captured.chain(c -> statements.chain(st -> focusTotal.chain(f -> audit.check()
                            .map(a -> io.smallrye.mutiny.tuples.Tuple5.of(u, c, st, f, a))))));
            return all.map(t -> {
                Row u = t.getItem1();
                long billed = u.getLong("billed");
                long unsettled = u.getLong("unsettled");
                long capturedMinor = t.getItem2();
                Long statementMinor = t.getItem3();
                long focusMinor = t.getItem4();
                LedgerAudit.Result ledger = t.getItem5();
                List<String> differences = new ArrayList<>();
                if (billed - unsettled != capturedMinor) {
                    differences.add("ledger captures differ from settled usage by "
                            + Charges.fromMinor(capturedMinor - (billed - unsettled), currency) + " " + currency);
                }
                if (unsettled != 0) {
                    differences.add(Charges.fromMinor(unsettled, currency) + " " + currency + " of usage is not settled into the ledger yet");
                }
                if (statementMinor != null && statementMinor != billed) {
                    differences.add("statements of the days differ from usage by " + Charges.fromMinor(statementMinor - billed, currency)
                            + " " + currency + " (late usage billed in another period as an adjustment)");
                }
                if (focusMinor != billed) {
                    differences.add("FOCUS BilledCost differs from usage by " + Charges.fromMinor(focusMinor - billed, currency) + " " + currency);
                }
                if (!ledger.sound()) {
                    differences.add("ledger invariants broken: sums " + ledger.sumByCurrency() + ", mismatched accounts " + ledger.mismatches());
                }
                return new Reconciliation(from, to, currency, u.getLong("n"), Charges.fromMinor(billed, currency),
                        Charges.fromMinor(capturedMinor, currency), Charges.fromMinor(unsettled, currency),
                        statementMinor == null ? null : Charges.fromMinor(statementMinor, currency),
                        Charges.fromMinor(focusMinor, currency), ledger.sumByCurrency(), ledger.mismatches().isEmpty(),
                        differences, differences.isEmpty());
            });
        });
    }

    /** The sum of the BilledCost column of the FOCUS export of the range, read from the CSV itself. */
    private Uni<Long> focusBilled(Instant from, Instant to, String currency) {
        AtomicLong sum = new AtomicLong();
        int digits = Charges.minorDigits(currency);
        return focus.csv(from, to, null).skip().first().onItem().invoke(chunk -> {
            int at = 0;
            while (at < chunk.length()) {
                int comma = chunk.indexOf(',', at);
                int newline = chunk.indexOf('\n', at);
                sum.addAndGet(new BigDecimal(chunk.substring(at, comma)).movePointRight(digits).longValueExact());
                at = newline + 1;
            }
        }).collect().last().map(ignored -> sum.get());
    }
}
