package io.suanli.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.settlement.domain.RefundPolicy;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RefundPolicyTest {

    @Test
    void fullGivesEverythingBackAndNoneNothing() {
        assertThat(new RefundPolicy(RefundPolicy.Kind.FULL, null).refundOf(9_426)).isEqualTo(9_426);
        assertThat(new RefundPolicy(RefundPolicy.Kind.NONE, null).refundOf(9_426)).isZero();
    }

    @Test
    void aPercentageIsRoundedHalfUpOnceOnTheRunsTotal() {
        RefundPolicy half = new RefundPolicy(RefundPolicy.Kind.PERCENT, new BigDecimal("50"));
        assertThat(half.refundOf(9_426)).isEqualTo(4_713);
        assertThat(half.refundOf(4_713)).as("2356.5 rounds up").isEqualTo(2_357);
        assertThat(new RefundPolicy(RefundPolicy.Kind.PERCENT, new BigDecimal("33.333333")).refundOf(100)).isEqualTo(33);
        assertThat(new RefundPolicy(RefundPolicy.Kind.PERCENT, new BigDecimal("100")).refundOf(9_426)).isEqualTo(9_426);
    }

    @Test
    void aPercentageOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> new RefundPolicy(RefundPolicy.Kind.PERCENT, new BigDecimal("101")))
                .hasMessageContaining("between 0 and 100");
        assertThatThrownBy(() -> new RefundPolicy(RefundPolicy.Kind.PERCENT, new BigDecimal("-1")))
                .hasMessageContaining("between 0 and 100");
    }
}
