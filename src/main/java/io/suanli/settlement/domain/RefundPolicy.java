package io.suanli.settlement.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How much of a run's captured charges goes back to the tenant when the provider caused its
 * failure: all of it, none, or a percentage (rounded half up to the minor unit, once, on the run's
 * total). See docs/settlement.md.
 */
public record RefundPolicy(Kind kind, BigDecimal percent) {

    public enum Kind { FULL, NONE, PERCENT }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public RefundPolicy {
        if (kind == Kind.PERCENT && (percent == null || percent.signum() < 0 || percent.compareTo(HUNDRED) > 0)) {
            throw new IllegalArgumentException("a refund percentage is between 0 and 100, not " + percent);
        }
    }

    /** What is owed back of {@code capturedMinor} (the run's settled charges), in minor units. */
    public long refundOf(long capturedMinor) {
        return switch (kind) {
            case FULL -> capturedMinor;
            case NONE -> 0;
            case PERCENT -> BigDecimal.valueOf(capturedMinor).multiply(percent)
                    .divide(HUNDRED, 0, RoundingMode.HALF_UP).longValueExact();
        };
    }

    @Override
    public String toString() {
        return kind == Kind.PERCENT ? percent.stripTrailingZeros().toPlainString() + " %" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
