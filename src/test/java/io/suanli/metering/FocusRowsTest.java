package io.suanli.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.catalog.domain.UnitPrices;
import io.suanli.metering.domain.FocusRows;
import io.suanli.metering.domain.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The FOCUS rows are byte for byte what the first (slower) renderer wrote, kept in
 * {@code focus/rows-before-rewrite.csv}: a plain record, an adjustment with fields that need
 * quoting and a nanosecond start, a record without quantities, and one in a currency without
 * minor units.
 */
class FocusRowsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final UnitPrices PRICES = new UnitPrices(new BigDecimal("0.120000"), new BigDecimal("0.015000"),
            new BigDecimal("22.123456"));

    @Test
    void rowsAreTheSameAsTheFirstRenderersForQuotedFieldsAdjustmentsAndEveryCurrency() throws IOException {
        FocusRows rows = new FocusRows(SHANGHAI);
        StringBuilder out = new StringBuilder(FocusRows.header());
        rows.append(out, record("ev-1", "11111111-2222-3333-4444-555555555555", 0, 2, "transport", "site-a", "east", "INTELLIGENT",
                "n-1", "H100", "2026-11-20T01:00:00Z", "2026-11-20T02:00:00Z", "16.000000000", "64.000000000", "2.000000000",
                "1.745000000", "0.837600000", PRICES, "CNY", 4713, 4713, "2026-11-20"), LocalDate.parse("2026-11-20"));
        rows.append(out, new UsageRecord("ev,\"2\"", UsageRecord.Source.EXECUTION, "11111111-2222-3333-4444-555555555555", 1, 0,
                "water, \"city\"", "site-b", "west", "GENERAL", "n-2", null, Instant.parse("2026-11-30T15:30:00.123Z"),
                Instant.parse("2026-11-30T16:00:00Z"), new BigDecimal("0.500000000"), new BigDecimal("0.000000000"),
                new BigDecimal("0.000000000"), new BigDecimal("0.003000000"), new BigDecimal("0.001000000"),
                new UnitPrices(new BigDecimal("0.123457"), new BigDecimal("0.010000"), new BigDecimal("0")), "CNY", 7, 6,
                LocalDate.parse("2026-12-01"), Instant.parse("2026-12-02T03:00:00Z")), LocalDate.parse("2026-12-02"));
        rows.append(out, record("ev-3", "j3", 0, 0, "t", "s", "r", "EDGE", "n", null, "2026-11-20T01:00:00Z", "2026-11-20T01:00:01Z",
                "0.000000000", "0.000000000", "0.000000000", "0.000000000", "0.000000000", PRICES, "CNY", 0, 0, "2026-11-20"),
                LocalDate.parse("2026-11-20"));
        rows.append(out, record("ev-4", "j4", 0, 1, "t", "s", "r", "SUPERCOMPUTING", "n", "A100", "2026-11-20T01:00:00Z",
                "2026-11-20T03:00:00Z", "1.333333333", "2.666666667", "0.333333333", "12.000000000", "100.000000000",
                new UnitPrices(new BigDecimal("0.333333"), new BigDecimal("0.666667"), new BigDecimal("10.500000")), "JPY", 6, 6,
                "2026-11-20"), LocalDate.parse("2026-11-20"));
        assertThat(out.toString()).isEqualTo(golden());
    }

    @Test
    void minorUnitsAreWrittenLikeBigDecimal() {
        long[] amounts = {0, 7, 42, 4713, 100, -5, -4713, 123456789012L};
        for (int digits = 0; digits <= 3; digits++) {
            for (long minor : amounts) {
                StringBuilder out = new StringBuilder();
                FocusRows.minorUnits(out, minor, digits);
                assertThat(out.toString()).as(minor + " with " + digits).isEqualTo(BigDecimal.valueOf(minor, digits).toPlainString());
            }
        }
    }

    private static UsageRecord record(String id, String job, int attempt, int task, String tenant, String site, String region,
            String tier, String node, String gpuModel, String startsAt, String endsAt, String cpu, String memory, String gpu,
            String energy, String carbon, UnitPrices prices, String currency, long list, long billed, String chargeDay) {
        return new UsageRecord(id, UsageRecord.Source.REPORTED, job, attempt, task, tenant, site, region, tier, node, gpuModel,
                Instant.parse(startsAt), Instant.parse(endsAt), new BigDecimal(cpu), new BigDecimal(memory), new BigDecimal(gpu),
                new BigDecimal(energy), new BigDecimal(carbon), prices, currency, list, billed, LocalDate.parse(chargeDay),
                Instant.parse("2026-11-20T03:00:00Z"));
    }

    private static String golden() throws IOException {
        try (InputStream in = FocusRowsTest.class.getResourceAsStream("/focus/rows-before-rewrite.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
