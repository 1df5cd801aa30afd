package io.suanli.common.money;

import java.math.BigDecimal;

/** Decimal helpers shared by the mappers of money columns. */
public final class Decimals {

    private Decimals() {}

    /**
     * A {@code numeric(20,6)} value as the client gave it: 12.500000 reads back as 12.5, 100 as
     * 100 (not 1E+2).
     */
    public static BigDecimal plain(BigDecimal stored) {
        if (stored == null) {
            return null;
        }
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
