package io.suanli.settlement;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.suanli.common.time.ExchangeClock;
import io.suanli.dispatch.TaskRunEnded;
import io.suanli.settlement.service.UsageSettler;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Statements per period, late usage as an adjustment, reconciliation of usage, ledger, statements and FOCUS. */
@QuarkusTest
class StatementTest {

    private static final JsonPathConfig EXACT = new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL);
    /** A day well in the past, so it can be closed: 2026-11-20 08:00..11:00 in Shanghai. */
    private static final Instant PAST = Instant.parse("2026-11-20T00:00:00Z");

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    UsageSettler settler;

    /** The service's clock: other tests may have set it, so "today" is its day, not the wall clock's. */
    @Inject
    ExchangeClock clock;

    @Inject
    Event<TaskRunEnded> runs;

    @Test
    void lateUsageAfterADayIsClosedLandsInTheOpenDayAsAnAdjustmentNamingItsDay() {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJobAt(jdbcUrl, e, PAST);
        report(Plans.reportAt(e.prefix() + "-s1", job, 0, PAST, 0));
        JsonPath before = statement("tenant", e.tenant(), "day", "2026-11-20");
        assertThat(before.getString("billed")).isEqualTo("47.13");
        assertThat(before.getString("status")).isEqualTo("OPEN");
        assertThat(before.getString("invoiceId")).isEqualTo("INV-T-" + e.tenant() + "-2026-11-20");
        assertThat(before.getString("bySite[0].site")).isEqualTo(e.gpuSite());
        assertThat(before.getString("byGpuModel[0].gpuModel")).isEqualTo("H100");
        assertThat(before.getString("totals.energyKWh")).isEqualTo("1.745");

        given().post("/api/v1/settlement/periods/2026-11-20:close").then().statusCode(200);
        report(Plans.reportAt(e.prefix() + "-s2", job, 1, PAST, 1));

        JsonPath closed = statement("tenant", e.tenant(), "day", "2026-11-20");
        assertThat(closed.getString("status")).isEqualTo("CLOSED");
        assertThat(closed.getString("billed")).as("a closed period is never rewritten").isEqualTo("47.13");
        assertThat(closed.getLong("records")).isEqualTo(1);

        String today = today().toString();
        JsonPath open = statement("tenant", e.tenant(), "day", today);
        assertThat(open.getString("billed")).isEqualTo("47.13");
        assertThat(open.getString("adjustments[0].forDay")).isEqualTo("2026-11-20");
        assertThat(open.getString("adjustments[0].billed")).isEqualTo("47.13");

        // The FOCUS export shows it as an adjustment naming the period it belongs to.
        String csv = given().queryParam("from", "2026-11-20T01:00:00Z").queryParam("to", "2026-11-20T02:00:00Z")
                .queryParam("tenant", e.tenant()).get("/api/v1/usage.csv").then().statusCode(200).extract().asString();
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].split(","));
        assertThat(lines).as("the late record's three rows (CPU, memory, GPU)").hasSize(4);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertThat(cells[header.indexOf("ChargeCategory")]).isEqualTo("Adjustment");
            assertThat(cells[header.indexOf("ChargeClass")]).isEqualTo("Correction");
            assertThat(cells[header.indexOf("x_AdjustsPeriod")]).isEqualTo("2026-11-20");
            assertThat(cells[header.indexOf("x_UsageRecordId")]).isEqualTo(e.prefix() + "-s2");
        }

        JsonPath provider = statement("provider", e.gpuSite(), "month", "2026-11-20");
        assertThat(provider.getString("invoiceId")).isEqualTo("INV-P-" + e.gpuSite() + "-2026-11");
        assertThat(provider.getString("billed")).isEqualTo("94.26");
    }

    @Test
    void aDayThatHasNotEndedCannotBeClosedAndBadParametersAreNamed() {
        String tomorrow = today().plusDays(1).toString();
        assertProblem(given().post("/api/v1/settlement/periods/" + tomorrow + ":close"), 409, "conflict", "day", "has not ended");
        assertProblem(given().queryParam("party", "tenant").queryParam("name", "x").queryParam("period", "week")
                .queryParam("date", "2026-11-20").get("/api/v1/settlement/statements"), 400, "malformed-request", "period", "is not one of");
        assertProblem(given().queryParam("from", "2026-11-21T00:00:00Z").queryParam("to", "2026-11-20T00:00:00Z")
                .get("/api/v1/settlement/reconciliation"), 422, "validation-failed", "from", "must be before to");
        assertProblem(given().queryParam("from", "2026-11-20T00:00:00Z").queryParam("to", "2026-11-21T00:00:00Z")
                .queryParam("by", "planet").get("/api/v1/reports/usage"), 422, "validation-failed", "by", "not one of");
    }

    @Test
    void reconciliationAgreesAfterExecutionIsMeteredAndSettled() throws Throwable {
        // Its own day, so other tests' usage does not enter the range: 2026-11-12 in Shanghai.
        Instant day = Instant.parse("2026-11-11T16:00:00Z");
        Instant planStart = Instant.parse("2026-11-12T01:00:00Z");
        Jobs.Estate e = Jobs.estate();
        LedgerTest.topUp(e.tenant(), "1000").then().statusCode(200);
        String job = Plans.committedJobAt(jdbcUrl, e, planStart);
        // Task 0 ran 2.5 hours from 01:30, task 1 the whole 3 hours: metered per slot from the dispatch events.
        runs.fire(new TaskRunEnded(job, 0, 0, e.prefix() + "-gpu-1", planStart.plusSeconds(1800), planStart.plusSeconds(3 * 3600),
                TaskRunEnded.Outcome.SUCCEEDED));
        runs.fire(new TaskRunEnded(job, 0, 1, e.prefix() + "-gpu-2", planStart, planStart.plusSeconds(3 * 3600),
                TaskRunEnded.Outcome.SUCCEEDED));
        List<?> records = awaitRecords(e.tenant(), 6);
        assertThat(records).hasSize(6);

        String from = day.toString();
        String to = day.plusSeconds(86_400).toString();
        JsonPath unsettled = reconcile(from, to);
        assertThat(unsettled.getBoolean("agrees")).isFalse();
        assertThat(unsettled.getString("differences")).contains("not settled into the ledger yet");

        JsonPath settled;
        long deadline = System.nanoTime() + 90_000_000_000L;
        do {
            // The settler follows the usage feed, which lags while other transactions in the shared cluster are open.
            VertxContextSupport.subscribeAndAwait(settler::settleAll);
            settled = reconcile(from, to);
        } while (!settled.getBoolean("agrees") && System.nanoTime() < deadline);
        assertThat(settled.getList("differences")).isEmpty();
        assertThat(settled.getBoolean("agrees")).isTrue();
        // task 0: 0.5 h + 1 h + 1 h; task 1: 3 x 1 h; each full hour 47.13, the half hour 23.563456 -> 23.56
        assertThat(settled.getString("usageBilled")).isEqualTo("259.21");
        assertThat(settled.getString("ledgerCaptured")).isEqualTo("259.21");
        assertThat(settled.getString("statementTotal")).isEqualTo("259.21");
        assertThat(settled.getString("focusBilledCost")).isEqualTo("259.21");

        JsonPath report = new JsonPath(given().queryParam("from", from).queryParam("to", to).queryParam("by", "region")
                .get("/api/v1/reports/usage").then().statusCode(200).extract().asString()).using(EXACT);
        assertThat(report.getString("total.spend")).isEqualTo("259.21");
        assertThat(report.getString("total.westernShare")).isEqualTo("0");
        assertThat(report.getString("lines[0].key")).isEqualTo(e.region());
    }

    @Test
    void refundsAndReversalsAreStatementLinesSoTheStatementTotalAgreesWithTheLedger() throws Throwable {
        // Usage at the start of the current month, so the usage and the ledger entries posted now share a monthly statement.
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Instant monthStart = today().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        String month = today().toString();
        Jobs.Estate e = Jobs.estate();
        LedgerTest.topUp(e.tenant(), "1000").then().statusCode(200);
        String failed = Plans.committedJobAt(jdbcUrl, e, monthStart);
        String corrected = Plans.committedJobAt(jdbcUrl, e, monthStart);
        // The provider caused the first job's run to fail: its charges come back by the default (full) refund policy.
        Plans.sql(jdbcUrl, "insert into job_dispatch (job_id, attempt, tenant, site, executor, wall_time_s, launched_at, running_at,"
                + " ended_at, outcome, cleaned_at, failure_cause) values (?::uuid, 0, ?, ?, 'SIMULATED', 7200, ?::timestamptz,"
                + " ?::timestamptz, ?::timestamptz, 'FAILED', ?::timestamptz, 'PROVIDER')", failed, e.tenant(), e.gpuSite(),
                monthStart.toString(), monthStart.toString(), monthStart.plusSeconds(7200).toString(), monthStart.plusSeconds(7200).toString());
        report(Plans.reportAt(e.prefix() + "-f0", failed, 0, monthStart, 0));
        report(Plans.reportAt(e.prefix() + "-f1", failed, 1, monthStart, 0));
        report(Plans.reportAt(e.prefix() + "-c0", corrected, 0, monthStart, 0));
        report(Plans.reportAt(e.prefix() + "-c1", corrected, 0, monthStart, 1));
        long deadline = System.nanoTime() + 90_000_000_000L;
        do {
            VertxContextSupport.subscribeAndAwait(settler::settleAll);
        } while ((charged(failed, "REFUND") != -2 * HOUR || charged(corrected, "CAPTURE") != 2 * HOUR) && System.nanoTime() < deadline);
        assertThat(charged(failed, "REFUND")).isEqualTo(-2 * HOUR);

        // The second hour of the other job was metered wrongly: its capture is reversed (money back to the tenant).
        long capture = Plans.count(jdbcUrl, "select id from ledger_entry where kind = 'CAPTURE' and job_id = ?::uuid and usage_hour = ?::timestamptz",
                corrected, monthStart.plusSeconds(3600).toString());
        given().contentType(ContentType.JSON).body(Map.of("reason", "meter fault")).post("/api/v1/settlement/entries/" + capture + ":reverse")
                .then().statusCode(200);

        JsonPath tenant = statement("tenant", e.tenant(), "month", month);
        assertThat(tenant.getString("billed")).as("the usage as it ran: 4 task-hours").isEqualTo("188.52");
        assertThat(tenant.getList("ledgerLines.kind")).containsOnly("REFUND", "REVERSAL").contains("REFUND", "REVERSAL");
        assertThat(sum(tenant, "REFUND")).isEqualTo("-94.26");
        assertThat(sum(tenant, "REVERSAL")).isEqualTo("-47.13");
        assertThat(tenant.getLong("ledgerLines.find { it.kind == 'REVERSAL' }.reverses")).isEqualTo(capture);
        assertThat(tenant.getString("ledgerLines.find { it.kind == 'REVERSAL' }.jobId")).isEqualTo(corrected);
        assertThat(tenant.getString("ledgerAdjusted")).isEqualTo("-141.39");
        assertThat(tenant.getString("total")).isEqualTo("47.13");
        // What the ledger charged the tenant for these jobs: revenue and fee postings of captures, refunds and reversals.
        long ledger = Plans.count(jdbcUrl, "select coalesce(sum(p.amount_minor), 0) from ledger_posting p join ledger_entry e on e.id = p.entry_id"
                + " join ledger_account a on a.id = p.account where a.kind in ('PROVIDER_REVENUE', 'PLATFORM_FEES')"
                + " and e.job_id in (?::uuid, ?::uuid)", failed, corrected);
        assertThat(tenant.getLong("totalMinor")).as("the statement total agrees with the ledger").isEqualTo(ledger).isEqualTo(HOUR);

        JsonPath provider = statement("provider", e.gpuSite(), "month", month);
        assertThat(provider.getString("billed")).isEqualTo("188.52");
        assertThat(provider.getString("total")).isEqualTo("47.13");
        assertThat(provider.getList("ledgerLines")).hasSameSizeAs(tenant.getList("ledgerLines"));
        JsonPath other = statement("tenant", Jobs.estate().tenant(), "month", month);
        assertThat(other.getList("ledgerLines")).as("another tenant's statement lists none of them").isEmpty();
        assertThat(other.getString("total")).isEqualTo("0.00");
    }

    /** One task-hour of the test plan: 47.13. */
    private static final long HOUR = 4_713;

    /** What the ledger's entries of {@code kind} for {@code job} charged: their revenue and fee postings. */
    private long charged(String job, String kind) {
        return Plans.count(jdbcUrl, "select coalesce(sum(p.amount_minor), 0) from ledger_posting p join ledger_entry e on e.id = p.entry_id"
                + " join ledger_account a on a.id = p.account where a.kind in ('PROVIDER_REVENUE', 'PLATFORM_FEES')"
                + " and e.job_id = ?::uuid and e.kind = ?", job, kind);
    }

    private static String sum(JsonPath statement, String kind) {
        return statement.getList("ledgerLines.findAll { it.kind == '" + kind + "' }.amount", java.math.BigDecimal.class).stream()
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add).toPlainString();
    }

    private static List<?> awaitRecords(String tenant, int n) throws InterruptedException {
        List<?> items = List.of();
        for (int i = 0; i < 450 && items.size() < n; i++) {
            Thread.sleep(200);
            items = given().queryParam("tenant", tenant).get("/api/v1/usage").then().statusCode(200).extract().jsonPath().getList("items");
        }
        return items;
    }

    private static void report(Map<String, Object> record) {
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(record))).post("/api/v1/usage:batch").then().statusCode(200);
    }

    private static JsonPath statement(String party, String name, String period, String date) {
        return new JsonPath(given().queryParam("party", party).queryParam("name", name).queryParam("period", period)
                .queryParam("date", date).get("/api/v1/settlement/statements").then().statusCode(200).extract().asString())
                .using(EXACT);
    }

    private static JsonPath reconcile(String from, String to) {
        return new JsonPath(given().queryParam("from", from).queryParam("to", to).get("/api/v1/settlement/reconciliation")
                .then().statusCode(200).extract().asString()).using(EXACT);
    }

    /** The exchange's current day (Asia/Shanghai) by the service's clock. */
    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
    }
}
