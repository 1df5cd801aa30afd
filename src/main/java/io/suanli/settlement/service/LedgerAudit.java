package io.suanli.settlement.service;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Checks the ledger's invariants from its postings: every currency sums to zero, and every
 * account's cached balance equals the sum of its postings.
 */
@Singleton
public class LedgerAudit {

    private final Mutiny.SessionFactory sessions;

    public LedgerAudit(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** An account whose cached balance differs from its postings. */
    public record Mismatch(String account, long cachedMinor, long postedMinor) {}

    /** The sums of all postings per currency (all zero when sound) and the mismatched accounts (none when sound). */
    public record Result(Map<String, Long> sumByCurrency, List<Mismatch> mismatches) {
        public boolean sound() {
            return mismatches.isEmpty() && sumByCurrency.values().stream().allMatch(v -> v == 0);
        }
    }

    public Uni<Result> check() {
        return sessions.withSession(session -> session.createNativeQuery(
                        "select currency, sum(amount_minor) from ledger_posting group by currency", Object[].class)
                .getResultList()
                .chain(sums -> session.createNativeQuery("select a.id, a.balance_minor, coalesce(sum(p.amount_minor), 0)"
                                + " from ledger_account a left join ledger_posting p on p.account = a.id"
                                + " group by a.id, a.balance_minor having a.balance_minor <> coalesce(sum(p.amount_minor), 0)",
                                Object[].class)
                        .getResultList()
                        .map(bad -> {
                            Map<String, Long> byCurrency = new TreeMap<>();
                            sums.forEach(r -> byCurrency.put(((String) r[0]).trim(), ((Number) r[1]).longValue()));
                            List<Mismatch> mismatches = new ArrayList<>();
                            bad.forEach(r -> mismatches.add(new Mismatch((String) r[0], ((Number) r[1]).longValue(),
                                    ((Number) r[2]).longValue())));
                            return new Result(byCurrency, mismatches);
                        })));
    }
}
