package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.settlement.domain.Account;
import io.suanli.settlement.domain.EntryKind;
import io.suanli.settlement.domain.FeeSplit;
import io.suanli.settlement.domain.LedgerEntry;
import io.suanli.settlement.domain.Posting;
import io.suanli.settlement.domain.RefundPolicy;
import jakarta.inject.Singleton;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Refunds runs the provider caused to fail (dispatch records the cause on the attempt): what the
 * ledger has captured for the attempt's usage goes back from the site's revenue and the platform's
 * fee to the tenant's budget, as the configured {@link RefundPolicy} says. Level-triggered and
 * idempotent: each pass refunds, per attempt, the policy's share of its settled usage less what
 * earlier refunds already gave back, so usage settled late is refunded by a later pass and nothing
 * is refunded twice.
 */
@Singleton
public class RefundService {

    private final Mutiny.SessionFactory sessions;
    private final LedgerWriter ledger;
    private final SettlementConfig config;

    public RefundService(Mutiny.SessionFactory sessions, LedgerWriter ledger, SettlementConfig config) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.config = config;
    }

    /** What one pass refunded. */
    public record Refunded(int entries, long refundedMinor) {}

    /** A failed attempt's settled charges at one site, and what was refunded of them so far. */
    private record Claim(String jobId, int attempt, String tenant, String site, String currency, long capturedMinor,
            long refundedMinor) {}

    /** Writes the refunds owed now, one transaction per attempt and site. */
    public Uni<Refunded> refundProviderFailures() {
        RefundPolicy policy = config.refunds();
        if (policy.kind() == RefundPolicy.Kind.NONE) {
            return Uni.createFrom().item(new Refunded(0, 0));
        }
        return sessions.withSession(session -> claims(session, null)).chain(claims -> {
            Uni<Refunded> chain = Uni.createFrom().item(new Refunded(0, 0));
            for (Claim c : claims) {
                if (policy.refundOf(c.capturedMinor()) > c.refundedMinor()) {
                    chain = chain.chain(done -> refund(c, policy).map(minor -> minor == 0 ? done
                            : new Refunded(done.entries() + 1, done.refundedMinor() + minor)));
                }
            }
            return chain;
        });
    }

    /** Refunds one claim: locks the accounts, re-reads the claim under the lock, posts the difference. */
    private Uni<Long> refund(Claim seen, RefundPolicy policy) {
        Account budget = Account.budget(seen.tenant());
        Account revenue = Account.revenue(seen.site());
        List<Account> accounts = List.of(budget, revenue, Account.FEES);
        return sessions.withTransaction(session -> ledger.ensureAccounts(session, accounts, seen.currency())
                .chain(() -> ledger.lock(session, accounts))
                .chain(() -> claims(session, seen))
                .chain(now -> {
                    if (now.isEmpty()) {
                        return Uni.createFrom().item(0L);
                    }
                    Claim c = now.get(0);
                    long target = policy.refundOf(c.capturedMinor());
                    long owed = target - c.refundedMinor();
                    if (owed <= 0) {
                        return Uni.createFrom().item(0L);
                    }
                    // The platform gives its fee back too: the fee part of the refunds so far is the fee of
                    // their total, so partial refunds add up to the same split as one refund would.
                    long fee = FeeSplit.of(target, config.platformFeeRate()).feeMinor()
                            - FeeSplit.of(c.refundedMinor(), config.platformFeeRate()).feeMinor();
                    LedgerEntry entry = new LedgerEntry(EntryKind.REFUND, keyPrefix(c) + target, c.jobId(), c.tenant(), null, null,
                            "refund of job " + c.jobId() + " attempt " + c.attempt() + " at site " + c.site()
                                    + ": the provider caused its failure (policy " + policy + " of " + c.capturedMinor() + " captured)",
                            c.currency(), List.of(new Posting(budget, owed), new Posting(revenue, -(owed - fee)),
                                    new Posting(Account.FEES, -fee)));
                    return ledger.postLocked(session, entry).replaceWith(owed);
                }));
    }

    /**
     * Refund idempotency keys: {@code refund:<job>:<attempt>:<site>:<cumulative refund>}. The
     * cumulative amount makes a pass that computed the same refund as another write nothing.
     */
    private static String keyPrefix(Claim c) {
        return "refund:" + c.jobId() + ":" + c.attempt() + ":" + c.site() + ":";
    }

    /**
     * Provider-caused failed attempts with settled usage (records at or before the settlement
     * cursor), per site, with what was refunded for them; only {@code one}'s when given.
     */
    private static Uni<List<Claim>> claims(Mutiny.Session session, Claim one) {
        String only = one == null ? "" : " and d.job_id = cast(cast(?1 as text) as uuid) and d.attempt = ?2 and u.site = cast(?3 as text)";
        var query = session.createNativeQuery("select cast(d.job_id as text), d.attempt, d.tenant, u.site, cast(u.currency as text),"
                        + " sum(u.billed_cost_minor),"
                        + " (select coalesce(sum(p.amount_minor), 0) from ledger_entry e join ledger_posting p on p.entry_id = e.id"
                        + "   where e.job_id = d.job_id and e.kind = 'REFUND' and p.account = 'budget:' || d.tenant"
                        + "   and e.idempotency_key like 'refund:' || cast(d.job_id as text) || ':' || d.attempt || ':' || u.site || ':%')"
                        + " from job_dispatch d join usage_record u on u.job_id = d.job_id and u.attempt = d.attempt"
                        + " cross join settlement_cursor c"
                        + " where c.name = 'usage' and d.failure_cause = 'PROVIDER' and d.outcome = 'FAILED'"
                        + " and (u.tx, u.id) <= (c.after_tx, c.after_id)" + only
                        + " group by d.job_id, d.attempt, d.tenant, u.site, u.currency order by d.job_id, d.attempt, u.site", Object[].class);
        if (one != null) {
            query.setParameter(1, one.jobId()).setParameter(2, one.attempt()).setParameter(3, one.site());
        }
        return query.getResultList().map(rows -> rows.stream().map(r -> new Claim((String) r[0], ((Number) r[1]).intValue(),
                (String) r[2], (String) r[3], ((String) r[4]).trim(), ((Number) r[5]).longValue(), ((Number) r[6]).longValue())).toList());
    }
}
