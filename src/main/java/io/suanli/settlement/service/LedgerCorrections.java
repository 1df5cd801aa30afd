package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.common.problem.ProblemException;
import io.suanli.metering.domain.Charges;
import io.suanli.security.Caller;
import io.suanli.settlement.domain.Account;
import io.suanli.settlement.domain.AccountKind;
import io.suanli.settlement.domain.EntryKind;
import io.suanli.settlement.domain.LedgerEntry;
import io.suanli.settlement.domain.Posting;
import io.suanli.settlement.domain.StoredEntry;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Corrections of the ledger. Entries are immutable: a correction is a {@code REVERSAL} (the
 * original's postings negated, linked to it) plus, when a corrected amount is given, a
 * {@code CORRECTION} with that amount on the original's accounts. An entry is reversed at most
 * once, and a reversal is not itself reversed.
 */
@Singleton
public class LedgerCorrections {

    /** Longest reason kept (it is written into the entries' descriptions and the audit trail). */
    public static final int MAX_REASON = 500;

    private final Mutiny.SessionFactory sessions;
    private final LedgerWriter ledger;
    private final AuditTrail audit;

    public LedgerCorrections(Mutiny.SessionFactory sessions, LedgerWriter ledger, AuditTrail audit) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.audit = audit;
    }

    /** What a reversal wrote: the original (unchanged but now marked reversed), the reversal and the correction (or null). */
    public record Reversal(StoredEntry original, StoredEntry reversal, StoredEntry correction) {}

    public Uni<StoredEntry> entry(long id) {
        return sessions.withSession(session -> find(session, id)).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("ledger entry", Long.toString(id));
            }
            return e;
        });
    }

    /**
     * Reverses entry {@code id} and, if {@code correctedAmount} is given, posts its corrected
     * amount, in one transaction with the audit entry. Refused, with nothing written: a blank
     * reason, an unknown entry (404), an entry already reversed or a reversal (409), a corrected
     * amount that is not positive, has more decimals than the currency, or is given for an entry
     * that does not move money between exactly two accounts (422).
     */
    public Uni<Reversal> reverse(Caller caller, long id, String reason, BigDecimal correctedAmount) {
        if (reason == null || reason.isBlank()) {
            return Uni.createFrom().failure(ProblemException.invalid("reason", "is required: say why the entry is reversed"));
        }
        if (reason.length() > MAX_REASON) {
            return Uni.createFrom().failure(ProblemException.invalid("reason", "is longer than " + MAX_REASON + " characters"));
        }
        if (correctedAmount != null && correctedAmount.signum() <= 0) {
            return Uni.createFrom().failure(ProblemException.invalid("amount", "must be more than zero (leave it out to only reverse)"));
        }
        return sessions.withTransaction(session -> find(session, id).chain(original -> {
            if (original == null) {
                throw ProblemException.notFound("ledger entry", Long.toString(id));
            }
            if (original.kind() == EntryKind.REVERSAL) {
                throw ProblemException.conflict("entry " + id + " is a reversal (of entry " + original.reverses()
                        + "); a reversal is not reversed: post the right amount as a correction of the original instead");
            }
            Long corrected = correctedAmount == null ? null : correctedMinor(original, correctedAmount);
            List<Account> accounts = original.postings().stream().map(p -> accountOf(p.account())).toList();
            // Locked in id order like every writer: a concurrent reversal of the same entry waits here and then sees this one.
            return ledger.lock(session, accounts)
                    .chain(() -> reversalOf(session, id))
                    .chain(existing -> {
                        if (existing != null) {
                            throw ProblemException.conflict("entry " + id + " is already reversed by entry " + existing);
                        }
                        return ledger.postLocked(session, reversal(original, accounts, reason));
                    })
                    .chain(reversalId -> corrected == null ? Uni.createFrom().item(new long[] {reversalId, -1})
                            : ledger.postLocked(session, correction(original, accounts, corrected, reason))
                                    .map(correctionId -> new long[] {reversalId, correctionId}))
                    .chain(ids -> find(session, id).chain(after -> find(session, ids[0]).chain(rev -> (ids[1] < 0
                            ? Uni.createFrom().<StoredEntry>nullItem() : find(session, ids[1]))
                            .map(cor -> new Reversal(after, rev, cor)))))
                    .call(result -> audit.append(session, AuditEntry.of(caller, "ledger.reverse", "ledger-entry/" + id, original,
                            new Reversal(result.original(), result.reversal(), result.correction()))));
        }));
    }

    private static Long correctedMinor(StoredEntry original, BigDecimal amount) {
        if (amount.stripTrailingZeros().scale() > Charges.minorDigits(original.currency())) {
            throw ProblemException.invalid("amount", amount.toPlainString() + " has more decimals than " + original.currency() + " has");
        }
        if (original.postings().size() != 2) {
            throw ProblemException.invalid("amount", "a corrected amount needs an entry that moves money between two accounts; entry "
                    + original.id() + " has " + original.postings().size() + " postings: reverse it and post what is right separately");
        }
        return Charges.toMinor(amount, original.currency());
    }

    private static LedgerEntry reversal(StoredEntry original, List<Account> accounts, String reason) {
        List<Posting> legs = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            legs.add(new Posting(accounts.get(i), -original.postings().get(i).amountMinor()));
        }
        return new LedgerEntry(EntryKind.REVERSAL, "reversal:" + original.id(), original.jobId(), original.tenant(),
                original.usageHour(), original.id(), "reversal of entry " + original.id() + ": " + reason, original.currency(), legs);
    }

    /** The original's two accounts, moving {@code minor} the way the original did. */
    private static LedgerEntry correction(StoredEntry original, List<Account> accounts, long minor, String reason) {
        List<Posting> legs = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            legs.add(new Posting(accounts.get(i), Long.signum(original.postings().get(i).amountMinor()) * minor));
        }
        return new LedgerEntry(EntryKind.CORRECTION, "correction:" + original.id(), original.jobId(), original.tenant(),
                original.usageHour(), null, "correction of entry " + original.id() + ": " + reason, original.currency(), legs);
    }

    /** An account of a stored posting: its kind and owner follow from the id (see {@link Account}). */
    private static Account accountOf(String id) {
        if (id.equals(Account.FUNDING.id())) {
            return Account.FUNDING;
        }
        if (id.equals(Account.FEES.id())) {
            return Account.FEES;
        }
        int colon = id.indexOf(':');
        String owner = id.substring(colon + 1);
        return switch (id.substring(0, colon)) {
            case "budget" -> Account.budget(owner);
            case "hold" -> Account.hold(owner);
            case "revenue" -> Account.revenue(owner);
            default -> new Account(id, AccountKind.FUNDING, owner);
        };
    }

    private static Uni<Long> reversalOf(Mutiny.Session session, long id) {
        return session.createNativeQuery("select id from ledger_entry where reverses = ?1", Long.class)
                .setParameter(1, id)
                .getSingleResultOrNull();
    }

    private static Uni<StoredEntry> find(Mutiny.Session session, long id) {
        return session.createNativeQuery("select e.id, e.kind, cast(e.job_id as text), e.tenant, e.usage_hour, e.reverses,"
                        + " (select r.id from ledger_entry r where r.reverses = e.id), e.description, e.at"
                        + " from ledger_entry e where e.id = ?1", Object[].class)
                .setParameter(1, id)
                .getSingleResultOrNull()
                .chain(row -> row == null ? Uni.createFrom().nullItem()
                        : session.createNativeQuery("select account, amount_minor, cast(currency as text) from ledger_posting"
                                        + " where entry_id = ?1 order by account", Object[].class)
                                .setParameter(1, id)
                                .getResultList()
                                .map(legs -> {
                                    String currency = legs.isEmpty() ? null : ((String) legs.get(0)[2]).trim();
                                    List<StoredEntry.Leg> postings = legs.stream().map(l -> new StoredEntry.Leg((String) l[0],
                                            ((Number) l[1]).longValue(), Charges.fromMinor(((Number) l[1]).longValue(), currency))).toList();
                                    return new StoredEntry(((Number) row[0]).longValue(), EntryKind.valueOf((String) row[1]),
                                            (String) row[2], (String) row[3], instant(row[4]), row[5] == null ? null : ((Number) row[5]).longValue(),
                                            row[6] == null ? null : ((Number) row[6]).longValue(), (String) row[7], currency, instant(row[8]),
                                            postings);
                                }));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return (Instant) value;
    }
}
