package io.suanli.settlement.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Tunables of settlement: fees, refunds, and how often usage is settled into the ledger. */
@ConfigMapping(prefix = "suanli.settlement")
public interface SettlementConfig {

    /** The platform's share of every charge (rounded down to the minor unit; the provider gets the rest). */
    @WithDefault("0.02")
    BigDecimal platformFeeRate();

    /** Share of a job's charges given back when its provider caused the failure (0 to 1). */
    @WithDefault("1.0")
    BigDecimal providerFailureRefundShare();

    /** Most usage records settled in one ledger transaction. */
    @WithDefault("5000")
    int settleBatchSize();

    /** How often the settler reads new usage (and releases holds of ended jobs), e.g. "5s"; "off" in tests. */
    @WithDefault("5s")
    String settleInterval();
}
