package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.metering.service.UsageIngest;
import io.suanli.settlement.domain.Account;
import io.suanli.settlement.domain.LedgerEntry;
import io.suanli.settlement.domain.Posting;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes ledger entries in the caller's transaction: creates missing accounts, locks every account
 * of the entry in id order (so two entries never deadlock), writes the entry and its postings and
 * moves the cached balances by the same amounts. A database trigger refuses an unbalanced entry
 * at commit; others refuse any update or delete of entries and postings.
 */
@Singleton
public class LedgerWriter {

    private final Clock clock;

    public LedgerWriter(Clock clock) {
        this.clock = clock;
    }

    /** Creates the accounts that do not exist yet (with a zero balance). */
    public Uni<Void> ensureAccounts(Mutiny.Session session, List<Account> accounts, String currency) {
        return session.createNativeQuery("insert into ledger_account (id, kind, owner, currency, created_at)"
                        + " select a, k, nullif(o, ''), cast(?4 as text), cast(cast(?5 as text) as timestamptz)"
                        + " from unnest(string_to_array(cast(?1 as text), ','), string_to_array(cast(?2 as text), ','),"
                        + " string_to_array(cast(?3 as text), ',')) as t(a, k, o)"
                        + " on conflict (id) do nothing")
                .setParameter(1, accounts.stream().map(Account::id).collect(Collectors.joining(",")))
                .setParameter(2, accounts.stream().map(a -> a.kind().name()).collect(Collectors.joining(",")))
                .setParameter(3, accounts.stream().map(a -> a.owner() == null ? "" : a.owner()).collect(Collectors.joining(",")))
                .setParameter(4, currency)
                .setParameter(5, clock.instant().toString())
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Locks the accounts (which must exist) in id order until the transaction ends. */
    public Uni<Void> lock(Mutiny.Session session, List<Account> accounts) {
        String ids = accounts.stream().map(Account::id).collect(Collectors.toCollection(TreeSet::new)).stream()
                .collect(Collectors.joining(","));
        return session.createNativeQuery("select id from ledger_account where id = any(string_to_array(cast(?1 as text), ','))"
                        + " order by id for update", String.class)
                .setParameter(1, ids)
                .getResultList()
                .replaceWithVoid();
    }

    /** A cached balance, read in the caller's transaction (lock the account first to act on it). */
    public Uni<Long> balance(Mutiny.Session session, Account account) {
        return session.createNativeQuery("select balance_minor from ledger_account where id = cast(?1 as text)", Long.class)
                .setParameter(1, account.id())
                .getSingleResultOrNull()
                .map(b -> b == null ? 0L : b);
    }

    /**
     * Writes {@code entry}: its accounts are created if needed and locked. An entry whose
     * idempotency key is already used is not written again; the answer is then the earlier entry's id.
     * An empty entry writes nothing and answers null.
     */
    public Uni<Long> post(Mutiny.Session session, LedgerEntry entry) {
        if (entry.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        List<Account> accounts = entry.postings().stream().map(Posting::account).toList();
        return ensureAccounts(session, accounts, entry.currency())
                .chain(() -> lock(session, accounts))
                .chain(() -> postLocked(session, entry));
    }

    /** As {@link #post}, for a caller that has already created and locked every account of the entry. */
    public Uni<Long> postLocked(Mutiny.Session session, LedgerEntry entry) {
        if (entry.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return periodGuard(session, entry.kind().isStatementLine())
                .chain(() -> insertEntry(session, entry))
                .chain(id -> {
                    if (id != null) {
                        return insertPostings(session, id, entry).replaceWith(id);
                    }
                    return session.createNativeQuery("select id from ledger_entry where idempotency_key = cast(?1 as text)", Long.class)
                            .setParameter(1, entry.idempotencyKey())
                            .getSingleResult();
                });
    }

    /** Separates array elements passed as one text parameter (ASCII unit separator: in no name or description). */
    private static final String SEP = "\u001f";

    /**
     * Writes many entries without idempotency keys in a few statements, whatever their number: ids
     * are taken from the sequence first, then entries, postings and balances are written in bulk.
     * The caller has created and locked every account involved.
     */
    public Uni<Integer> postAllLocked(Mutiny.Session session, List<LedgerEntry> entries) {
        List<LedgerEntry> written = entries.stream().filter(e -> !e.isEmpty()).toList();
        if (written.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        if (written.stream().anyMatch(e -> e.idempotencyKey() != null)) {
            throw new IllegalArgumentException("bulk entries carry no idempotency keys");
        }
        return periodGuard(session, written.stream().anyMatch(e -> e.kind().isStatementLine()))
                .chain(() -> session.createNativeQuery("select nextval('ledger_entry_seq') from generate_series(1, cast(?1 as int))", Long.class)
                        .setParameter(1, written.size())
                        .getResultList())
                .chain(ids -> {
                    StringBuilder idText = new StringBuilder();
                    StringBuilder kinds = new StringBuilder();
                    StringBuilder jobs = new StringBuilder();
                    StringBuilder tenants = new StringBuilder();
                    StringBuilder hours = new StringBuilder();
                    StringBuilder descriptions = new StringBuilder();
                    StringBuilder postingEntries = new StringBuilder();
                    StringBuilder postingAccounts = new StringBuilder();
                    StringBuilder postingAmounts = new StringBuilder();
                    java.util.Map<String, Long> moves = new java.util.TreeMap<>();
                    for (int i = 0; i < written.size(); i++) {
                        LedgerEntry e = written.get(i);
                        String sep = i == 0 ? "" : SEP;
                        idText.append(sep).append(ids.get(i));
                        kinds.append(sep).append(e.kind().name());
                        jobs.append(sep).append(e.jobId() == null ? "" : e.jobId());
                        tenants.append(sep).append(e.tenant() == null ? "" : e.tenant());
                        hours.append(sep).append(e.usageHour() == null ? "" : e.usageHour().toString());
                        descriptions.append(sep).append(e.description());
                        for (Posting p : e.postings()) {
                            String psep = postingEntries.length() == 0 ? "" : SEP;
                            postingEntries.append(psep).append(ids.get(i));
                            postingAccounts.append(psep).append(p.account().id());
                            postingAmounts.append(psep).append(p.amountMinor());
                            moves.merge(p.account().id(), p.amountMinor(), Long::sum);
                        }
                    }
                    String currency = written.get(0).currency();
                    Uni<Integer> insertEntries = session.createNativeQuery("insert into ledger_entry (id, kind, job_id, tenant, usage_hour,"
                                    + " description, at) select cast(i as bigint), k, cast(nullif(j, '') as uuid), nullif(t, ''),"
                                    + " cast(nullif(h, '') as timestamptz), d, cast(cast(?7 as text) as timestamptz)"
                                    + " from unnest(" + split(1, 8) + ", " + split(2, 8) + ", " + split(3, 8) + ", " + split(4, 8) + ", "
                                    + split(5, 8) + ", " + split(6, 8) + ") as u(i, k, j, t, h, d)")
                            .setParameter(1, idText.toString()).setParameter(2, kinds.toString()).setParameter(3, jobs.toString())
                            .setParameter(4, tenants.toString()).setParameter(5, hours.toString())
                            .setParameter(6, descriptions.toString()).setParameter(7, clock.instant().toString())
                            .setParameter(8, SEP)
                            .executeUpdate();
                    StringBuilder moveAccounts = new StringBuilder();
                    StringBuilder moveAmounts = new StringBuilder();
                    moves.forEach((account, amount) -> {
                        String sep = moveAccounts.length() == 0 ? "" : SEP;
                        moveAccounts.append(sep).append(account);
                        moveAmounts.append(sep).append(amount);
                    });
                    return insertEntries
                            .chain(() -> session.createNativeQuery("insert into ledger_posting (entry_id, account, amount_minor, currency)"
                                            + " select cast(e as bigint), a, cast(m as bigint), cast(?4 as text)"
                                            + " from unnest(" + split(1, 5) + ", " + split(2, 5) + ", " + split(3, 5) + ") as u(e, a, m)")
                                    .setParameter(1, postingEntries.toString()).setParameter(2, postingAccounts.toString())
                                    .setParameter(3, postingAmounts.toString()).setParameter(4, currency).setParameter(5, SEP)
                                    .executeUpdate())
                            .chain(() -> session.createNativeQuery("update ledger_account set balance_minor = balance_minor + cast(m as bigint)"
                                            + " from unnest(" + split(1, 3) + ", " + split(2, 3) + ") as u(a, m) where ledger_account.id = u.a")
                                    .setParameter(1, moveAccounts.toString()).setParameter(2, moveAmounts.toString())
                                    .setParameter(3, SEP)
                                    .executeUpdate())
                            .replaceWith(written.size());
                });
    }

    /** SQL splitting text parameter {@code n} into an array at the separator bound as parameter {@code sep}. */
    private static String split(int n, int sep) {
        return "string_to_array(cast(?" + n + " as text), cast(?" + sep + " as text))";
    }

    /**
     * A statement line is dated when it is posted; it takes the period lock shared before it reads
     * the clock, as usage ingestion does, so that closing its day (which takes the lock exclusively)
     * waits for it to commit, and a closed day's lines never change.
     */
    private static Uni<Void> periodGuard(Mutiny.Session session, boolean statementLines) {
        if (!statementLines) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("select cast(count(*) as text) from (select pg_advisory_xact_lock_shared(cast(?1 as bigint))) as l")
                .setParameter(1, UsageIngest.PERIOD_LOCK)
                .getSingleResult()
                .replaceWithVoid();
    }

    private Uni<Long> insertEntry(Mutiny.Session session, LedgerEntry entry) {
        return session.createNativeQuery("insert into ledger_entry (kind, idempotency_key, job_id, tenant, usage_hour, reverses,"
                        + " description, at) values (cast(?1 as text), cast(?2 as text), cast(cast(?3 as text) as uuid), cast(?4 as text),"
                        + " cast(cast(?5 as text) as timestamptz), cast(cast(?6 as text) as bigint), cast(?7 as text),"
                        + " cast(cast(?8 as text) as timestamptz))"
                        + " on conflict (idempotency_key) do nothing returning id", Long.class)
                .setParameter(1, entry.kind().name())
                .setParameter(2, entry.idempotencyKey())
                .setParameter(3, entry.jobId())
                .setParameter(4, entry.tenant())
                .setParameter(5, entry.usageHour() == null ? null : entry.usageHour().toString())
                .setParameter(6, entry.reverses() == null ? null : entry.reverses().toString())
                .setParameter(7, entry.description())
                .setParameter(8, clock.instant().toString())
                .getSingleResultOrNull();
    }

    private static Uni<Void> insertPostings(Mutiny.Session session, long entryId, LedgerEntry entry) {
        String accounts = entry.postings().stream().map(p -> p.account().id()).collect(Collectors.joining(","));
        String amounts = entry.postings().stream().map(p -> Long.toString(p.amountMinor())).collect(Collectors.joining(","));
        return session.createNativeQuery("with p as (insert into ledger_posting (entry_id, account, amount_minor, currency)"
                        + " select cast(?1 as bigint), a, cast(m as bigint), cast(?4 as text)"
                        + " from unnest(string_to_array(cast(?2 as text), ','), string_to_array(cast(?3 as text), ',')) as t(a, m)"
                        + " returning account, amount_minor)"
                        + " update ledger_account set balance_minor = balance_minor + p.amount_minor from p"
                        + " where ledger_account.id = p.account")
                .setParameter(1, entryId)
                .setParameter(2, accounts)
                .setParameter(3, amounts)
                .setParameter(4, entry.currency())
                .executeUpdate()
                .replaceWithVoid();
    }
}
