package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.problem.ProblemException;
import io.suanli.metering.service.UsageIngest;
import io.suanli.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Statement days and their closing. Closing takes the period lock exclusively, so no ingestion is
 * choosing a billing day meanwhile; after it, usage for the day is billed in the open day as an
 * adjustment and the closed day's statement never changes.
 */
@Singleton
public class PeriodService {

    private final Pool pool;
    private final SettingsStore settings;
    private final Clock clock;
    private final AuditTrail audit;

    public PeriodService(Pool pool, SettingsStore settings, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.pool = pool;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Closes a day that has ended in the exchange's time zone, audited as {@code period.close} for
     * {@code caller}; closing it again changes nothing (its entry then shows CLOSED before and after).
     */
    public Uni<LocalDate> close(Caller caller, LocalDate day) {
        return settings.get().chain(exchange -> {
            LocalDate today = clock.instant().atZone(ZoneId.of(exchange.timeZone())).toLocalDate();
            if (!day.isBefore(today)) {
                throw ProblemException.conflict("day", day + " has not ended yet in " + exchange.timeZone() + " (today is " + today + ")");
            }
            return pool.withTransaction(c -> c.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(UsageIngest.PERIOD_LOCK))
                    .chain(() -> c.preparedQuery("insert into settlement_period (day, closed_at) values ($1, $2) on conflict do nothing")
                            .execute(Tuple.of(day, clock.instant().atOffset(java.time.ZoneOffset.UTC))))
                    .chain(inserted -> audit.append(c, AuditEntry.of(caller, "period.close", "period/" + day,
                            inserted.rowCount() == 1 ? "OPEN" : "CLOSED", "CLOSED"))))
                    .replaceWith(day);
        });
    }

    /** Whether every day from {@code first} to {@code last} is closed. */
    public Uni<Boolean> closed(LocalDate first, LocalDate last) {
        return pool.preparedQuery("select count(*) from settlement_period where day between $1 and $2")
                .execute(Tuple.of(first, last))
                .map(rows -> rows.iterator().next().getLong(0) == first.datesUntil(last.plusDays(1)).count());
    }
}
