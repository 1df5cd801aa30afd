package io.suanli.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.settlement.domain.Account;
import io.suanli.settlement.domain.EntryKind;
import io.suanli.settlement.domain.FeeSplit;
import io.suanli.settlement.domain.LedgerEntry;
import io.suanli.settlement.domain.Posting;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries balance, legs merge, and fee splits neither lose nor invent a minor unit. */
class LedgerDomainTest {

    @Test
    void anEntryThatDoesNotBalanceCannotBeBuilt() {
        assertThatThrownBy(() -> entry(new Posting(Account.FUNDING, -100), new Posting(Account.budget("a"), 99)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to -1");
    }

    @Test
    void legsOnOneAccountMergeAndZeroLegsDisappear() {
        LedgerEntry e = entry(new Posting(Account.hold("a"), 0), new Posting(Account.budget("a"), -30),
                new Posting(Account.budget("a"), -70), new Posting(Account.revenue("s"), 100));
        assertThat(e.postings()).containsExactly(new Posting(Account.budget("a"), -100), new Posting(Account.revenue("s"), 100));
    }

    @Test
    void theFeeIsRoundedDownAndTheProviderGetsTheRemainder() {
        assertThat(FeeSplit.of(9_426, new BigDecimal("0.02"))).isEqualTo(new FeeSplit(188, 9_238));
        assertThat(FeeSplit.of(1, new BigDecimal("0.02"))).isEqualTo(new FeeSplit(0, 1));
        assertThat(FeeSplit.of(333, new BigDecimal("0.333333"))).isEqualTo(new FeeSplit(110, 223));
    }

    private static LedgerEntry entry(Posting... postings) {
        return new LedgerEntry(EntryKind.CAPTURE, null, null, "a", null, null, "test", "CNY", List.of(postings));
    }
}
