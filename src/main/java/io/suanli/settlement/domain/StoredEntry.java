package io.suanli.settlement.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A ledger entry as written, with its postings and, if it was reversed, the reversal's id.
 *
 * @param reverses the entry this one undoes (a {@code REVERSAL}), else null
 * @param reversedBy the reversal that undid this entry, else null
 */
public record StoredEntry(long id, EntryKind kind, String jobId, String tenant, Instant usageHour, Long reverses, Long reversedBy,
        String description, String currency, Instant at, List<Leg> postings) {

    /** One posting: the signed amount in minor units and in the currency. */
    public record Leg(String account, long amountMinor, BigDecimal amount) {}
}
