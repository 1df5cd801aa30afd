package io.suanli.metering.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import io.suanli.metering.domain.JobRun;
import io.suanli.metering.domain.UsagePricing;
import io.suanli.metering.domain.UsageRecord;
import io.suanli.metering.domain.UsageReport;
import io.suanli.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ingests usage records exactly once: a batch is checked whole (any bad record refuses it, and
 * nothing is stored), priced with the unit prices locked at commit, and stored in one transaction;
 * a record whose id is already stored is ignored when it is the same and refuses the batch when
 * it differs. The answer comes after the commit. A batch that stored records is audited in its
 * transaction as one entry ({@code usage.report}, target {@code usage?records=N&new=M}, after = a
 * digest of its record ids and content digests), not one entry per record.
 */
@Singleton
public class UsageIngest {

    /** Serialises closing a statement day against ingestion choosing the day a record is billed in. */
    public static final long PERIOD_LOCK = 0x5375616e4c69L;
    public static final int MAX_BATCH = 10_000;

    private final Pool pool;
    private final JobRuns runs;
    private final UsageStore store;
    private final EstateCache estate;
    private final SettingsStore settings;
    private final Clock clock;
    private final AuditTrail audit;

    public UsageIngest(Pool pool, JobRuns runs, UsageStore store, EstateCache estate, SettingsStore settings, Clock clock,
            AuditTrail audit) {
        this.audit = audit;
        this.pool = pool;
        this.runs = runs;
        this.store = store;
        this.estate = estate;
        this.settings = settings;
        this.clock = clock;
    }

    /** Stores the reports of one batch for {@code caller}, all or none; field paths name {@code records[i]}. */
    public Uni<UsageStore.Outcome> report(Caller caller, List<UsageReport> reports, UsageRecord.Source source) {
        if (reports == null || reports.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("records", "a batch has at least one record"));
        }
        if (reports.size() > MAX_BATCH) {
            return Uni.createFrom().failure(ProblemException.invalid("records", "a batch has at most " + MAX_BATCH + " records"));
        }
        Instant now = clock.instant();
        // Retried: on a fresh database concurrent first reads race to create the settings row.
        return settings.get().onFailure().retry().atMost(2).chain(exchange -> estate.view().chain(view -> {
            Set<String> jobIds = new HashSet<>();
            reports.forEach(r -> jobIds.add(r == null ? null : r.jobId()));
            return runs.load(jobIds, view).chain(known -> store(caller, reports, known, exchange, source, now));
        }));
    }

    private Uni<UsageStore.Outcome> store(Caller caller, List<UsageReport> reports, Map<String, JobRun> known, ExchangeSettings exchange,
            UsageRecord.Source source, Instant now) {
        ZoneId zone = ZoneId.of(exchange.timeZone());
        Violations violations = new Violations();
        List<UsageStore.Pending> pending = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            String path = "records[" + i + "].";
            UsageReport report = reports.get(i);
            if (report == null) {
                violations.add("records[" + i + "]", "is required");
                continue;
            }
            JobRun run = report.jobId() == null ? null : known.get(report.jobId());
            int before = violations.errors().size();
            UsagePricing.check(path, report, run, exchange.currency(), violations);
            if (violations.errors().size() == before) {
                UsageRecord record = UsagePricing.price(report, run, source, zone, now);
                pending.add(new UsageStore.Pending(record, UsagePricing.digest(report), record.chargeDay(), path + "id"));
            }
        }
        violations.throwIfAny();
        LocalDate today = now.atZone(zone).toLocalDate();
        return pool.withTransaction(connection -> billingDays(connection, pending, today)
                .chain(billed -> store.insert(connection, billed))
                // Last in the transaction (see AuditTrail); a batch of repeats only changed nothing.
                .call(outcome -> outcome.inserted() == 0 ? Uni.createFrom().voidItem()
                        : audit.append(connection, batchEntry(caller, pending, outcome))));
    }

    /** The one audit entry of a stored batch: its size and a digest of its record ids and content digests, in order. */
    static AuditEntry batchEntry(Caller caller, List<UsageStore.Pending> pending, UsageStore.Outcome outcome) {
        StringBuilder content = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (UsageStore.Pending p : pending) {
            content.append(p.record().eventId()).append(' ').append(hex.formatHex(p.digest())).append('\n');
        }
        return AuditEntry.of(caller, "usage.report", "usage?records=" + pending.size() + "&new=" + outcome.inserted(),
                null, content.toString());
    }

    /**
     * Moves records of closed days into the open day (an adjustment naming its day). Holds the
     * shared period lock until commit, so a day cannot close between this choice and the insert.
     */
    private static Uni<List<UsageStore.Pending>> billingDays(SqlConnection connection, List<UsageStore.Pending> pending,
            LocalDate today) {
        TreeSet<LocalDate> days = new TreeSet<>();
        pending.forEach(p -> days.add(p.record().chargeDay()));
        LocalDate earliest = days.first().isBefore(today) ? days.first() : today;
        return connection.preparedQuery("select pg_advisory_xact_lock_shared($1)").execute(Tuple.of(PERIOD_LOCK))
                .chain(() -> connection.preparedQuery("select day::text from settlement_period where day >= $1")
                        .execute(Tuple.of(earliest)))
                .map(rows -> {
                    Set<LocalDate> closed = new HashSet<>();
                    for (Row row : rows) {
                        closed.add(LocalDate.parse(row.getString(0)));
                    }
                    if (closed.isEmpty()) {
                        return pending;
                    }
                    LocalDate open = today;
                    while (closed.contains(open)) {
                        open = open.plusDays(1);
                    }
                    List<UsageStore.Pending> billed = new ArrayList<>(pending.size());
                    for (UsageStore.Pending p : pending) {
                        billed.add(closed.contains(p.record().chargeDay())
                                ? new UsageStore.Pending(p.record(), p.digest(), open, p.field())
                                : p);
                    }
                    return billed;
                });
    }
}
