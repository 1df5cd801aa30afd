package io.suanli.settlement.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Splits a charge between the platform and the provider: the fee is the rate of the charge
 * rounded down to the minor unit, and the provider gets the rest, so nothing is lost or made up.
 */
public record FeeSplit(long feeMinor, long providerMinor) {

    public static FeeSplit of(long chargeMinor, BigDecimal feeRate) {
        long fee = BigDecimal.valueOf(chargeMinor).multiply(feeRate).setScale(0, RoundingMode.FLOOR).longValueExact();
        return new FeeSplit(fee, chargeMinor - fee);
    }
}
