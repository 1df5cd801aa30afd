package io.suanli.metering.domain;

import io.suanli.catalog.domain.UnitPrices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * The money of a usage record: quantity × locked unit price summed exactly, then rounded once,
 * half up, to the currency's minor unit. Totals elsewhere are sums of these rounded charges.
 */
public final class Charges {

    private Charges() {}

    /** Digits of the currency's minor unit (2 for CNY). */
    public static int minorDigits(String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }

    /** The exact (unrounded) cost of the quantities at the prices. */
    public static BigDecimal exactCost(BigDecimal cpuCoreHours, BigDecimal memoryGiBHours, BigDecimal gpuHours, UnitPrices prices) {
        return cpuCoreHours.multiply(prices.cpuCore())
                .add(memoryGiBHours.multiply(prices.memoryGiB()))
                .add(gpuHours.multiply(prices.gpu()));
    }

    /** An amount in integer minor units, rounded half up once. */
    public static long toMinor(BigDecimal amount, String currency) {
        return amount.setScale(minorDigits(currency), RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    /** An amount in integer minor units, rounded up (holds cover the whole quote). */
    public static long toMinorCeiling(BigDecimal amount, String currency) {
        return amount.setScale(minorDigits(currency), RoundingMode.CEILING).unscaledValue().longValueExact();
    }

    /** Minor units back to a decimal amount, e.g. 12345 CNY → 123.45. */
    public static BigDecimal fromMinor(long minor, String currency) {
        return BigDecimal.valueOf(minor, minorDigits(currency));
    }
}
