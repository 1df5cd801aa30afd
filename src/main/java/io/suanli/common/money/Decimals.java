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

    /**
     * A PostgreSQL {@code numeric} in its text form ({@code 16.000000000}) written plainly without
     * trailing zeros ({@code 16}): the same as {@code new BigDecimal(text).stripTrailingZeros().toPlainString()}
     * without making a BigDecimal. PostgreSQL never writes a numeric with an exponent.
     */
    public static String plainText(String numeric) {
        int dot = numeric.indexOf('.');
        if (dot < 0) {
            return numeric;
        }
        int end = numeric.length();
        while (numeric.charAt(end - 1) == '0') {
            end--;
        }
        if (end - 1 == dot) {
            end = dot;
        }
        String plain = numeric.substring(0, end);
        // "-0.000" strips to "-0", which BigDecimal writes as "0".
        return plain.equals("-0") ? "0" : plain;
    }
}
