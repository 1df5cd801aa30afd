package io.suanli.settlement.service;

import io.smallrye.config.ConfigMapping;
import io.suanli.settlement.domain.RefundPolicy;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Tunables of settlement: fees, refunds, and how often usage is settled into the ledger. */
@ConfigMapping(prefix = "suanli.settlement")
public interface SettlementConfig {

    /** The platform's share of every charge (rounded down to the minor unit; the provider gets the rest). */
    @WithDefault("0.02")
    BigDecimal platformFeeRate();

    /**
     * What a run that failed by the provider's fault gets back of its captured charges: {@code full},
     * {@code none}, or {@code percent} (of {@link #refundPercent()}).
     */
    @WithDefault("full")
    RefundPolicy.Kind refundPolicy();

    /** The share refunded under {@code refund-policy=percent}, 0 to 100. */
    @WithDefault("100")
    BigDecimal refundPercent();

    /** The refund policy these settings describe. */
    default RefundPolicy refunds() {
        return new RefundPolicy(refundPolicy(), refundPercent());
    }

    /** Most usage records settled in one ledger transaction. */
    @WithDefault("5000")
    int settleBatchSize();

    /** How often the settler reads new usage (and releases holds of ended jobs), e.g. "5s"; "off" in tests. */
    @WithDefault("5s")
    String settleInterval();
}
