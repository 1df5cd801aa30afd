package io.suanli.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.catalog.domain.UnitPrices;
import io.suanli.metering.domain.Charges;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Charges are exact: 6-decimal prices times quantities, summed, then rounded once half up to the minor unit. */
class ChargesTest {

    private static final BigDecimal ZERO = BigDecimal.ZERO;

    @Test
    void aSixDecimalPriceIsChargedExactly() {
        UnitPrices prices = new UnitPrices(new BigDecimal("0.12"), new BigDecimal("0.015"), new BigDecimal("22.123456"));
        BigDecimal exact = Charges.exactCost(new BigDecimal("16"), new BigDecimal("64"), new BigDecimal("2"), prices);
        assertThat(exact).isEqualByComparingTo("47.126912");
        assertThat(Charges.toMinor(exact, "CNY")).isEqualTo(4713);
    }

    @Test
    void halfAMinorUnitRoundsUpWhereADoubleWouldRoundDown() {
        // 1.005 as a double is 1.00499999999999989..., which rounds to 1.00.
        UnitPrices prices = new UnitPrices(ZERO, ZERO, new BigDecimal("1.005"));
        assertThat(Charges.toMinor(Charges.exactCost(ZERO, ZERO, BigDecimal.ONE, prices), "CNY")).isEqualTo(101);
        UnitPrices tiny = new UnitPrices(new BigDecimal("0.000001"), ZERO, ZERO);
        assertThat(Charges.toMinor(Charges.exactCost(new BigDecimal("4999.999"), ZERO, ZERO, tiny), "CNY")).isZero();
        assertThat(Charges.toMinor(Charges.exactCost(new BigDecimal("5000"), ZERO, ZERO, tiny), "CNY")).isEqualTo(1);
    }

    @Test
    void aRecordIsRoundedOnceNotPerResource() {
        // Each resource costs 0.005: rounded apiece that would be 0.02; the record's exact 0.010 is 0.01.
        UnitPrices prices = new UnitPrices(new BigDecimal("0.005"), new BigDecimal("0.005"), ZERO);
        assertThat(Charges.toMinor(Charges.exactCost(BigDecimal.ONE, BigDecimal.ONE, ZERO, prices), "CNY")).isEqualTo(1);
    }

    @Test
    void minorUnitsFollowTheCurrency() {
        assertThat(Charges.toMinor(new BigDecimal("12.5"), "JPY")).isEqualTo(13);
        assertThat(Charges.fromMinor(12345, "CNY")).isEqualByComparingTo("123.45");
        assertThat(Charges.toMinorCeiling(new BigDecimal("282.761472"), "CNY")).isEqualTo(28277);
    }
}
