package io.suanli.settlement.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.common.feed.FeedPosition;
import io.suanli.metering.service.StoredUsage;
import io.suanli.metering.service.UsageFeed;
import io.suanli.settlement.domain.Account;
import io.suanli.settlement.domain.EntryKind;
import io.suanli.settlement.domain.FeeSplit;
import io.suanli.settlement.domain.LedgerEntry;
import io.suanli.settlement.domain.Posting;
import io.suanli.security.Caller;
import io.suanli.security.Roles;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Settles usage into the ledger exactly once: reads the usage feed from a cursor kept in the
 * ledger's own transaction, charges each (job, hour) group from the job's hold (and the budget
 * beyond it) to the site's revenue and the platform's fee, and moves the cursor on in the same
 * commit. The cursor row is locked meanwhile, so replicas settle one page after the other. Each
 * page that settles records is audited in its transaction ({@code usage.settle}: the cursor before
 * and after); a person's request is audited even when there was nothing to settle.
 */
@Singleton
public class UsageSettler {

    private static final Logger LOG = Logger.getLogger(UsageSettler.class);
    /** Who the audit trail names for the timer's settling. */
    private static final Caller SETTLER = Caller.system("settler");

    private final Mutiny.SessionFactory sessions;
    private final UsageFeed usage;
    private final LedgerWriter ledger;
    private final BudgetService budgets;
    private final SettlementConfig config;
    private final AuditTrail audit;
    private final RefundService refunds;

    public UsageSettler(Mutiny.SessionFactory sessions, UsageFeed usage, LedgerWriter ledger, BudgetService budgets,
            SettlementConfig config, AuditTrail audit, RefundService refunds) {
        this.audit = audit;
        this.refunds = refunds;
        this.sessions = sessions;
        this.usage = usage;
        this.ledger = ledger;
        this.budgets = budgets;
        this.config = config;
    }

    /** What one settling pass did. */
    public record Settled(int records, int entries, long chargedMinor) {}

    @Scheduled(every = "${suanli.settlement.settle-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> settlePeriodically() {
        return settleAll().chain(() -> releaseEnded(SETTLER))
                .onFailure().invoke(failure -> LOG.warn("settling usage failed; will retry", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Settles every committed usage record not settled yet, page by page, as the settler. */
    public Uni<Settled> settleAll() {
        return settleAll(SETTLER);
    }

    /**
     * Settles every committed usage record not settled yet, page by page, for {@code caller}, then
     * refunds what is owed for runs the provider caused to fail ({@link RefundService}).
     */
    public Uni<Settled> settleAll(Caller caller) {
        return settlePages(caller).call(refunds::refundProviderFailures);
    }

    private Uni<Settled> settlePages(Caller caller) {
        return settlePage(caller).chain(first -> first.records() < config.settleBatchSize()
                ? Uni.createFrom().item(first)
                : settlePages(caller).map(rest -> new Settled(first.records() + rest.records(), first.entries() + rest.entries(),
                        first.chargedMinor() + rest.chargedMinor())));
    }

    /** Settles up to one batch of records in one transaction. */
    public Uni<Settled> settlePage(Caller caller) {
        return sessions.withTransaction(session -> session.createNativeQuery(
                        "select cast(after_tx as text), after_id from settlement_cursor where name = 'usage' for update", Object[].class)
                .getSingleResult()
                .chain(row -> {
                    FeedPosition after = new FeedPosition(Long.parseLong((String) row[0]), ((Number) row[1]).longValue());
                    return usage.read(after, config.settleBatchSize(), null).chain(page -> (page.items().isEmpty()
                                    ? Uni.createFrom().item(new Settled(0, 0, 0))
                                    : settle(session, page.items()).call(() -> moveCursor(session, page.next())))
                            .call(settled -> settled.records() == 0 && Roles.SYSTEM.equals(caller.role()) ? Uni.createFrom().voidItem()
                                    : audit.append(session, AuditEntry.of(caller, "usage.settle",
                                            "settlement/usage?records=" + settled.records() + "&entries=" + settled.entries(),
                                            after.encode(), page.next().encode()))));
                }));
    }

    /** A group of records charged by one entry: one job's usage in one UTC hour. */
    private record Group(String jobId, String tenant, String site, Instant hour, String currency) {}

    private Uni<Settled> settle(Mutiny.Session session, List<StoredUsage> records) {
        Map<Group, Long> charges = new LinkedHashMap<>();
        for (StoredUsage u : records) {
            var r = u.record();
            charges.merge(new Group(r.jobId(), r.tenant(), r.site(), r.startsAt().truncatedTo(ChronoUnit.HOURS), r.currency()),
                    r.billedCostMinor(), Long::sum);
        }
        List<Account> accounts = new ArrayList<>();
        Set<String> jobs = new TreeSet<>();
        accounts.add(Account.FEES);
        charges.keySet().forEach(g -> {
            accounts.add(Account.budget(g.tenant()));
            accounts.add(Account.hold(g.tenant()));
            accounts.add(Account.revenue(g.site()));
            jobs.add(g.jobId());
        });
        List<Account> distinct = new ArrayList<>(new LinkedHashMap<String, Account>() {{
            accounts.forEach(a -> put(a.id(), a));
        }}.values());
        String currency = charges.keySet().iterator().next().currency();
        long total = charges.values().stream().mapToLong(Long::longValue).sum();
        return ledger.ensureAccounts(session, distinct, currency)
                .chain(() -> ledger.lock(session, distinct))
                .chain(() -> heldByJob(session, jobs))
                .chain(held -> {
                    List<LedgerEntry> entries = new ArrayList<>(charges.size());
                    charges.forEach((group, amount) -> entries.add(capture(group, amount, held)));
                    return ledger.postAllLocked(session, entries);
                })
                .replaceWith(new Settled(records.size(), charges.size(), total));
    }

    /** The capture of one group: from what the job still holds first, the rest from the budget. */
    private LedgerEntry capture(Group g, long amount, Map<String, Long> held) {
        long fromHold = Math.max(0, Math.min(amount, held.getOrDefault(g.jobId(), 0L)));
        held.put(g.jobId(), held.getOrDefault(g.jobId(), 0L) - fromHold);
        FeeSplit split = FeeSplit.of(amount, config.platformFeeRate());
        return new LedgerEntry(EntryKind.CAPTURE, null, g.jobId(), g.tenant(), g.hour(), null,
                "usage of job " + g.jobId() + " in hour " + g.hour(), g.currency(), List.of(
                        new Posting(Account.hold(g.tenant()), -fromHold),
                        new Posting(Account.budget(g.tenant()), -(amount - fromHold)),
                        new Posting(Account.revenue(g.site()), split.providerMinor()),
                        new Posting(Account.FEES, split.feeMinor())));
    }

    /** What each job still holds (sum of its postings on hold accounts). */
    private static Uni<Map<String, Long>> heldByJob(Mutiny.Session session, Set<String> jobs) {
        return session.createNativeQuery("select cast(e.job_id as text), sum(p.amount_minor) from ledger_posting p"
                        + " join ledger_entry e on e.id = p.entry_id join ledger_account a on a.id = p.account"
                        + " where e.job_id = any(cast(string_to_array(cast(?1 as text), ',') as uuid[])) and a.kind = 'TENANT_HOLD'"
                        + " group by e.job_id", Object[].class)
                .setParameter(1, String.join(",", jobs))
                .getResultList()
                .map(rows -> {
                    Map<String, Long> held = new HashMap<>();
                    rows.forEach(r -> held.put((String) r[0], ((Number) r[1]).longValue()));
                    return held;
                });
    }

    private static Uni<Void> moveCursor(Mutiny.Session session, FeedPosition next) {
        return session.createNativeQuery("update settlement_cursor set after_tx = cast(cast(?1 as text) as xid8), after_id = ?2,"
                        + " updated_at = now() where name = 'usage'")
                .setParameter(1, Long.toString(next.transactionId()))
                .setParameter(2, next.rowId())
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Releases the remaining holds of jobs that have ended, as the settler. */
    public Uni<Integer> releaseEnded() {
        return releaseEnded(SETTLER);
    }

    /** Releases the remaining holds of jobs that have ended (succeeded, failed or cancelled), for {@code caller}. */
    public Uni<Integer> releaseEnded(Caller caller) {
        return sessions.withSession(session -> session.createNativeQuery("select cast(e.job_id as text), e.tenant"
                        + " from ledger_entry e join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account"
                        + " join job j on j.id = e.job_id"
                        + " where a.kind = 'TENANT_HOLD' and j.state in ('SUCCEEDED', 'FAILED', 'CANCELLED')"
                        + " group by e.job_id, e.tenant having sum(p.amount_minor) > 0", Object[].class)
                .getResultList())
                .chain(rows -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Object[] row : rows) {
                        chain = chain.chain(n -> budgets.release(caller, (String) row[0], (String) row[1], "job ended").replaceWith(n + 1));
                    }
                    return chain;
                });
    }
}
