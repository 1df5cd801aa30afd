package io.suanli.common.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of a numeric written without trailing zeros, as the pull and the export write decimals. */
class DecimalsTest {

    @Test
    void plainTextStripsTrailingZerosLikeBigDecimal() {
        List<String> stored = List.of("16.000000000", "0.000000000", "0.500000000", "100.000000", "100", "22.123456",
                "1.745000000", "0.000000001", "120.100000000", "-0.000", "-2.50", "7");
        for (String text : stored) {
            assertThat(Decimals.plainText(text)).as(text).isEqualTo(new BigDecimal(text).stripTrailingZeros().toPlainString());
        }
        assertThat(Decimals.plainText("16.000000000")).isEqualTo("16");
        assertThat(Decimals.plainText("100.000000")).isEqualTo("100");
        assertThat(Decimals.plainText("0.500000000")).isEqualTo("0.5");
    }
}
