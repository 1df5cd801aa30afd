package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.persistence.SessionSql;
import io.suanli.common.problem.ProblemException;
import io.suanli.metering.domain.Charges;
import io.suanli.security.Caller;
import io.suanli.settlement.domain.Account;
import io.suanli.settlement.domain.EntryKind;
import io.suanli.settlement.domain.HoldResult;
import io.suanli.settlement.domain.LedgerEntry;
import io.suanli.settlement.domain.Posting;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Tenant budgets: top-ups from the city's funding, holds at commit, releases when a job ends.
 * A tenant's budget is enforced from its first top-up on; before that it is unlimited (holds and
 * charges are still recorded, taking the budget account below zero) — see docs/settlement.md.
 */
@Singleton
public class BudgetService {

    private final Mutiny.SessionFactory sessions;
    private final LedgerWriter ledger;
    private final SettingsStore settings;
    private final AuditTrail audit;

    public BudgetService(Mutiny.SessionFactory sessions, LedgerWriter ledger, SettingsStore settings, AuditTrail audit) {
        this.audit = audit;
        this.sessions = sessions;
        this.ledger = ledger;
        this.settings = settings;
    }

    /** A tenant's budget: available, held, and whether it is enforced. */
    public record Budget(String tenant, String currency, long availableMinor, long heldMinor, boolean enforced) {}

    /**
     * Holds {@code quotedCost} (rounded up to the minor unit) of the tenant's budget for a job, in
     * the caller's transaction: call it in the transaction that commits the plan. The budget row
     * stays locked until that transaction ends, so two concurrent holds can never overspend. A job
     * that already holds budget keeps its hold (a repeated commit is a no-op). Refused, nothing is
     * written and the answer says {@code insufficient budget}.
     */
    public Uni<HoldResult> hold(Mutiny.Session session, String jobId, String tenant, BigDecimal quotedCost) {
        return holdAll(session, List.of(new HoldRequest(jobId, tenant, quotedCost))).map(results -> results.get(jobId));
    }

    /** One job's hold request: its tenant and its quote. */
    public record HoldRequest(String jobId, String tenant, BigDecimal quotedCost) {}

    /**
     * {@link #hold} for many jobs in the caller's transaction, taken in the order given (the
     * scheduler commits higher priority first): each tenant's accounts are created, locked (in id
     * order, as every writer locks) and read once, and all new holds are written in a few
     * statements. The answer is per job id.
     */
    public Uni<Map<String, HoldResult>> holdAll(Mutiny.Session session, List<HoldRequest> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        if (requests.stream().anyMatch(r -> r.quotedCost() == null || r.quotedCost().signum() < 0)) {
            return Uni.createFrom().failure(ProblemException.invalid("quotedCost", "must be zero or more"));
        }
        SortedSet<String> tenants = new TreeSet<>();
        requests.forEach(r -> tenants.add(r.tenant()));
        List<Account> accounts = new ArrayList<>();
        for (String t : tenants) {
            accounts.add(Account.budget(t));
            accounts.add(Account.hold(t));
        }
        List<String> jobIds = requests.stream().map(HoldRequest::jobId).toList();
        return currency(session).chain(currency -> ledger.ensureAccounts(session, accounts, currency)
                .chain(() -> ledger.lock(session, accounts))
                .chain(() -> heldForJobs(session, jobIds, tenants))
                .chain(held -> budgetStates(session, tenants).chain(states -> {
                    Map<String, Long> available = new HashMap<>();
                    Map<String, HoldResult> results = new LinkedHashMap<>();
                    List<LedgerEntry> entries = new ArrayList<>();
                    for (HoldRequest r : requests) {
                        State state = states.getOrDefault(r.tenant(), new State(0, false));
                        long balance = available.getOrDefault(r.tenant(), state.balance);
                        long already = held.getOrDefault(r.jobId(), 0L);
                        long quote = Charges.toMinorCeiling(r.quotedCost(), currency);
                        if (already > 0) {
                            results.put(r.jobId(), new HoldResult(true, already, balance, null));
                        } else if (state.enforced && balance < quote) {
                            results.put(r.jobId(), new HoldResult(false, 0, balance, HoldResult.INSUFFICIENT
                                    + ": the quote of " + Charges.fromMinor(quote, currency).toPlainString() + " " + currency
                                    + " exceeds tenant '" + r.tenant() + "' available budget of "
                                    + Charges.fromMinor(balance, currency).toPlainString() + " " + currency));
                        } else {
                            entries.add(new LedgerEntry(EntryKind.HOLD, null, r.jobId(), r.tenant(), null, null,
                                    "hold for job " + r.jobId(), currency,
                                    List.of(new Posting(Account.budget(r.tenant()), -quote), new Posting(Account.hold(r.tenant()), quote))));
                            available.put(r.tenant(), balance - quote);
                            results.put(r.jobId(), new HoldResult(true, quote, balance - quote, null));
                        }
                    }
                    return ledger.postAllLocked(session, entries).replaceWith(results);
                })));
    }

    /** What each job holds now on its tenant's hold account (absent: nothing). */
    private static Uni<Map<String, Long>> heldForJobs(Mutiny.Session session, List<String> jobIds, Set<String> tenants) {
        return session.createNativeQuery("select cast(e.job_id as text), sum(p.amount_minor) from ledger_posting p"
                        + " join ledger_entry e on e.id = p.entry_id"
                        + " where e.job_id = any(cast(string_to_array(cast(?1 as text), ',') as uuid[]))"
                        + " and p.account = any(string_to_array(cast(?2 as text), ',')) group by e.job_id", Object[].class)
                .setParameter(1, String.join(",", jobIds))
                .setParameter(2, tenants.stream().map(t -> Account.hold(t).id()).collect(Collectors.joining(",")))
                .getResultList()
                .map(rows -> {
                    Map<String, Long> held = new HashMap<>();
                    for (Object[] row : rows) held.put((String) row[0], ((Number) row[1]).longValue());
                    return held;
                });
    }

    /** Each tenant's budget balance and whether it is enforced (absent: no budget account yet). */
    private static Uni<Map<String, State>> budgetStates(Mutiny.Session session, Set<String> tenants) {
        return session.createNativeQuery("select owner, balance_minor, enforced from ledger_account where kind = 'TENANT_BUDGET'"
                        + " and owner = any(string_to_array(cast(?1 as text), ','))", Object[].class)
                .setParameter(1, String.join(",", tenants))
                .getResultList()
                .map(rows -> {
                    Map<String, State> states = new HashMap<>();
                    for (Object[] row : rows) states.put((String) row[0], new State(((Number) row[1]).longValue(), (Boolean) row[2]));
                    return states;
                });
    }

    /**
     * Returns what is left of a job's hold to the budget (job ended or cancelled), for {@code caller}
     * (audited as {@code budget.release}); nothing left, nothing written.
     */
    public Uni<Long> release(Mutiny.Session session, Caller caller, String jobId, String tenant, String reason) {
        Account budget = Account.budget(tenant);
        Account hold = Account.hold(tenant);
        return currency(session).chain(currency -> ledger.ensureAccounts(session, List.of(budget, hold), currency)
                .chain(() -> ledger.lock(session, List.of(budget, hold)))
                .chain(() -> heldForJob(session, jobId, hold))
                .chain(held -> held <= 0 ? Uni.createFrom().item(0L)
                        : ledger.post(session, new LedgerEntry(EntryKind.RELEASE, null, jobId, tenant, null, null,
                                "release of job " + jobId + ": " + reason, currency,
                                List.of(new Posting(hold, -held), new Posting(budget, held))))
                                .chain(() -> audit.append(session, AuditEntry.of(caller, "budget.release", "job/" + jobId,
                                        "held " + held + " of " + tenant, "held 0 of " + tenant)))
                                .replaceWith(held)));
    }

    /** Releases in a transaction of its own. */
    public Uni<Long> release(Caller caller, String jobId, String tenant, String reason) {
        return sessions.withTransaction(session -> release(session, caller, jobId, tenant, reason));
    }

    /** Holds in a transaction of its own (tests and tools; the scheduler holds in its commit transaction). */
    public Uni<HoldResult> hold(String jobId, String tenant, BigDecimal quotedCost) {
        return sessions.withTransaction(session -> hold(session, jobId, tenant, quotedCost));
    }

    /**
     * Moves {@code amount} from the city's funding into the tenant's budget and enforces the budget
     * from now on, audited as {@code budget.top-up} for {@code caller}. A repeated
     * {@code idempotencyKey} does nothing more (its audit entry shows the same state before and after).
     */
    public Uni<Budget> topUp(Caller caller, String tenant, BigDecimal amount, String idempotencyKey) {
        if (amount == null || amount.signum() <= 0) {
            return Uni.createFrom().failure(ProblemException.invalid("amount", "must be more than zero"));
        }
        return sessions.withTransaction(session -> tenantExists(session, tenant).chain(() -> currency(session)).chain(currency -> {
            if (amount.stripTrailingZeros().scale() > Charges.minorDigits(currency)) {
                throw ProblemException.invalid("amount", amount.toPlainString() + " has more decimals than " + currency + " has");
            }
            long minor = Charges.toMinor(amount, currency);
            Account budget = Account.budget(tenant);
            LedgerEntry entry = new LedgerEntry(EntryKind.TOP_UP, idempotencyKey == null ? null : "top-up:" + tenant + ":" + idempotencyKey,
                    null, tenant, null, null, "top-up of tenant " + tenant, currency,
                    List.of(new Posting(Account.FUNDING, -minor), new Posting(budget, minor)));
            return budget(session, tenant).chain(before -> ledger.post(session, entry)
                    .chain(() -> session.createNativeQuery("update ledger_account set enforced = true where id = cast(?1 as text)")
                            .setParameter(1, budget.id()).executeUpdate())
                    .chain(() -> budget(session, tenant))
                    .call(after -> audit.append(session, AuditEntry.of(caller, "budget.top-up", "budget/" + tenant, before, after))));
        }));
    }

    /**
     * The budget {@code caller} may read: a tenant caller only its own tenant's; naming another is
     * 403, refused before the tenant is looked up, so the answer tells nothing about other tenants.
     */
    public Uni<Budget> budget(Caller caller, String tenant) {
        caller.requireActsFor(tenant, "tenant");
        return budget(tenant);
    }

    public Uni<Budget> budget(String tenant) {
        return sessions.withSession(session -> tenantExists(session, tenant).chain(() -> budget(session, tenant)));
    }

    private Uni<Budget> budget(Mutiny.Session session, String tenant) {
        return currency(session).chain(currency -> state(session, Account.budget(tenant))
                .chain(state -> ledger.balance(session, Account.hold(tenant))
                        .map(held -> new Budget(tenant, currency, state.balance, held, state.enforced))));
    }

    /**
     * What each tenant may still commit, in minor units; tenants without an enforced budget are
     * absent (unlimited).
     */
    public Uni<Map<String, Long>> availableMinor(Mutiny.Session session, Collection<String> tenants) {
        if (tenants.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // Plain SQL on the session's connection: every job submission runs this (SessionSql says why).
        return SessionSql.select(session, "select owner, balance_minor from ledger_account where kind = 'TENANT_BUDGET' and enforced"
                        + " and owner = any(cast($1 as text[]))", (Object) tenants.toArray(String[]::new))
                .map(rows -> {
                    Map<String, Long> available = new HashMap<>();
                    rows.forEach(r -> available.put((String) r[0], ((Number) r[1]).longValue()));
                    return available;
                });
    }

    /** The rest of a job's hold: the sum of its postings on the tenant's hold account. */
    Uni<Long> heldForJob(Mutiny.Session session, String jobId, Account hold) {
        return session.createNativeQuery("select coalesce(sum(p.amount_minor), 0) from ledger_posting p"
                        + " join ledger_entry e on e.id = p.entry_id"
                        + " where e.job_id = cast(cast(?1 as text) as uuid) and p.account = cast(?2 as text)", Long.class)
                .setParameter(1, jobId)
                .setParameter(2, hold.id())
                .getSingleResult()
                .map(n -> n == null ? 0L : n);
    }

    private record State(long balance, boolean enforced) {}

    private static Uni<State> state(Mutiny.Session session, Account account) {
        return session.createNativeQuery("select balance_minor, enforced from ledger_account where id = cast(?1 as text)", Object[].class)
                .setParameter(1, account.id())
                .getSingleResultOrNull()
                .map(row -> row == null ? new State(0, false) : new State(((Number) row[0]).longValue(), (Boolean) row[1]));
    }

    /** The exchange currency, read in the caller's session. */
    public Uni<String> currency(Mutiny.Session session) {
        return settings.load(session).map(s -> s.currency);
    }

    private static Uni<Void> tenantExists(Mutiny.Session session, String tenant) {
        return session.createNativeQuery("select count(*) from tenant where name = cast(?1 as text)", Long.class)
                .setParameter(1, tenant)
                .getSingleResult()
                .map(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("tenant", tenant);
                    }
                    return null;
                });
    }
}
