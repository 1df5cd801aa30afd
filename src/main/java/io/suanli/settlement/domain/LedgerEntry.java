package io.suanli.settlement.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A balanced set of postings in one currency. Legs on the same account are merged and zero legs
 * dropped; an entry whose legs do not sum to zero cannot be built.
 *
 * @param idempotencyKey makes a retried operation a no-op (null: none)
 * @param usageHour the UTC hour of the usage a capture charges (null for other kinds)
 * @param reverses the entry a reversal undoes (null otherwise)
 */
public record LedgerEntry(
        EntryKind kind,
        String idempotencyKey,
        String jobId,
        String tenant,
        Instant usageHour,
        Long reverses,
        String description,
        String currency,
        List<Posting> postings) {

    public LedgerEntry {
        Map<String, Posting> merged = new LinkedHashMap<>();
        long sum = 0;
        for (Posting p : postings) {
            sum = Math.addExact(sum, p.amountMinor());
            merged.merge(p.account().id(), p, (a, b) -> new Posting(a.account(), Math.addExact(a.amountMinor(), b.amountMinor())));
        }
        if (sum != 0) {
            throw new IllegalArgumentException("entry '" + description + "' does not balance: legs sum to " + sum);
        }
        List<Posting> legs = new ArrayList<>();
        merged.values().stream().filter(p -> p.amountMinor() != 0).forEach(legs::add);
        postings = List.copyOf(legs);
    }

    /** True when nothing moves (every leg merged to zero): such an entry is not written. */
    public boolean isEmpty() {
        return postings.isEmpty();
    }
}
