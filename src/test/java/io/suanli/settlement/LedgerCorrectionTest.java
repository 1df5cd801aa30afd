package io.suanli.settlement;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.suanli.settlement.service.UsageSettler;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Corrections: a reversal plus a new entry, never a change to the original; audited; once per entry. */
@QuarkusTest
class LedgerCorrectionTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    UsageSettler settler;

    @Test
    void aWrongTopUpIsReversedAndCorrectedWithoutTouchingTheOriginal() {
        Jobs.Estate e = Jobs.estate();
        LedgerTest.topUp(e.tenant(), "100.00").then().statusCode(200);
        long topUp = Plans.count(jdbcUrl, "select id from ledger_entry where kind = 'TOP_UP' and tenant = ?", e.tenant());
        List<String> originalRows = rows(topUp);
        long entriesBefore = Plans.count(jdbcUrl, "select count(*) from ledger_entry");

        JsonPath done = reverse(topUp, Map.of("reason", "typed 100 instead of 80", "amount", new java.math.BigDecimal("80.00")))
                .then().statusCode(200).extract().jsonPath();

        long reversal = done.getLong("reversal.id");
        long correction = done.getLong("correction.id");
        assertThat(done.getString("reversal.kind")).isEqualTo("REVERSAL");
        assertThat(done.getLong("reversal.reverses")).isEqualTo(topUp);
        assertThat(done.getString("reversal.description")).isEqualTo("reversal of entry " + topUp + ": typed 100 instead of 80");
        assertThat(done.getList("reversal.postings", Map.class)).extracting(p -> p.get("account") + "=" + p.get("amountMinor"))
                .containsExactly("budget:" + e.tenant() + "=-10000", "funding=10000");
        assertThat(done.getString("correction.kind")).isEqualTo("CORRECTION");
        assertThat(done.getList("correction.postings", Map.class)).extracting(p -> p.get("account") + "=" + p.get("amountMinor"))
                .containsExactly("budget:" + e.tenant() + "=8000", "funding=-8000");
        assertThat(done.getLong("original.reversedBy")).isEqualTo(reversal);

        assertThat(rows(topUp)).as("the original entry and its postings are unchanged").isEqualTo(originalRows);
        assertThat(Plans.count(jdbcUrl, "select count(*) from ledger_entry")).isEqualTo(entriesBefore + 2);
        assertThat(Plans.count(jdbcUrl, "select balance_minor from ledger_account where id = ?", "budget:" + e.tenant()))
                .as("cached balance").isEqualTo(8_000);
        assertThat(Plans.count(jdbcUrl, "select sum(amount_minor) from ledger_posting where account = ?", "budget:" + e.tenant()))
                .as("balance derived from the postings").isEqualTo(8_000);
        assertThat(given().get("/api/v1/settlement/budgets/" + e.tenant()).jsonPath().getLong("availableMinor")).isEqualTo(8_000);
        assertThat(given().get("/api/v1/settlement/entries/" + correction).jsonPath().getString("description"))
                .isEqualTo("correction of entry " + topUp + ": typed 100 instead of 80");
        assertThat(audited(topUp)).as("one audit record, written with the reversal").isEqualTo(1);

        // Once only: a second reversal is refused and writes nothing.
        assertProblem(reverse(topUp, Map.of("reason", "again")), 409, "conflict", null, "already reversed by entry " + reversal);
        assertProblem(reverse(reversal, Map.of("reason", "undo the undo")), 409, "conflict", null, "is a reversal");
        assertThat(Plans.count(jdbcUrl, "select count(*) from ledger_entry")).isEqualTo(entriesBefore + 2);
        assertThat(audited(topUp)).isEqualTo(1);

        // The correction itself can be corrected the same way.
        reverse(correction, Map.of("reason", "it was 75 after all", "amount", 75)).then().statusCode(200);
        assertThat(Plans.count(jdbcUrl, "select balance_minor from ledger_account where id = ?", "budget:" + e.tenant()))
                .isEqualTo(7_500);
    }

    @Test
    void aReversalPostedWhileItsDayIsBeingClosedWaitsForTheClose() throws Exception {
        Jobs.Estate e = Jobs.estate();
        LedgerTest.topUp(e.tenant(), "10.00").then().statusCode(200);
        long topUp = Plans.count(jdbcUrl, "select id from ledger_entry where kind = 'TOP_UP' and tenant = ?", e.tenant());
        java.util.concurrent.CompletableFuture<Response> reversal;
        try (Connection closing = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            // What closing a day holds until it commits: the period lock, exclusively.
            closing.setAutoCommit(false);
            closing.createStatement().execute("select pg_advisory_xact_lock(" + io.suanli.metering.service.UsageIngest.PERIOD_LOCK + ")");
            reversal = java.util.concurrent.CompletableFuture.supplyAsync(() -> reverse(topUp, Map.of("reason", "late")));
            Thread.sleep(1_500);
            assertThat(reversal).as("the reversal waits for the close").isNotDone();
            assertThat(Plans.count(jdbcUrl, "select count(*) from ledger_entry where reverses = ?", topUp)).isZero();
            closing.commit();
        }
        assertThat(reversal.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(Plans.count(jdbcUrl, "select count(*) from ledger_entry where reverses = ?", topUp)).isEqualTo(1);
    }

    @Test
    void aCaptureIsReversedWholeAndACorrectedAmountNeedsTwoLegs() throws Throwable {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(Plans.report(e.prefix() + "-x1", job, 0, 0))))
                .post("/api/v1/usage:batch").then().statusCode(200);
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (Plans.count(jdbcUrl, "select count(*) from ledger_entry where kind = 'CAPTURE' and job_id = ?::uuid", job) == 0
                && System.nanoTime() < deadline) {
            VertxContextSupport.subscribeAndAwait(settler::settleAll);
        }
        long capture = Plans.count(jdbcUrl, "select id from ledger_entry where kind = 'CAPTURE' and job_id = ?::uuid", job);

        assertProblem(reverse(capture, Map.of("reason", "wrong price", "amount", 40)), 422, "validation-failed", "amount",
                "needs an entry that moves money between two accounts");
        JsonPath done = reverse(capture, Map.of("reason", "the site was down")).then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("correction")).isNull();
        // 47.13 from the budget (no hold): 0.94 fee, 46.19 to the site; all of it back.
        assertThat(done.getList("reversal.postings", Map.class)).extracting(p -> p.get("account") + "=" + p.get("amountMinor"))
                .containsExactly("budget:" + e.tenant() + "=4713", "fees=-94", "revenue:" + e.gpuSite() + "=-4619");
        assertThat(done.getString("reversal.usageHour")).isEqualTo(Plans.STARTS_AT.toString());
        assertThat(Plans.count(jdbcUrl, "select coalesce(sum(amount_minor), 0) from ledger_posting where account = ?",
                "revenue:" + e.gpuSite())).isZero();
    }

    @Test
    void badReversalsAreRefusedAndChangeNothing() {
        Jobs.Estate e = Jobs.estate();
        LedgerTest.topUp(e.tenant(), "10").then().statusCode(200);
        long topUp = Plans.count(jdbcUrl, "select id from ledger_entry where kind = 'TOP_UP' and tenant = ?", e.tenant());
        long entriesBefore = Plans.count(jdbcUrl, "select count(*) from ledger_entry");

        assertProblem(reverse(topUp, Map.of("reason", " ")), 422, "validation-failed", "reason", "is required");
        assertProblem(reverse(topUp, new HashMap<>()), 422, "validation-failed", "reason", "is required");
        assertProblem(reverse(topUp, Map.of("reason", "x".repeat(501))), 422, "validation-failed", "reason", "longer than 500");
        assertProblem(reverse(topUp, Map.of("reason", "r", "amount", -5)), 422, "validation-failed", "amount", "more than zero");
        assertProblem(reverse(topUp, Map.of("reason", "r", "amount", new java.math.BigDecimal("1.001"))), 422, "validation-failed", "amount", "more decimals");
        assertProblem(reverse(999_999_999_999L, Map.of("reason", "r")), 404, "not-found", null, "ledger entry '999999999999'");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("reason", "r"))
                .post("/api/v1/settlement/entries/abc:reverse"), 400, "malformed-request", "id", "not a ledger entry id");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("reason", "r"))
                .post("/api/v1/settlement/entries/" + topUp + ":undo"), 404, "not-found", null, null);

        assertThat(Plans.count(jdbcUrl, "select count(*) from ledger_entry")).isEqualTo(entriesBefore);
        assertThat(Plans.count(jdbcUrl, "select count(*) from ledger_entry where reverses = ?", topUp)).isZero();
        assertThat(audited(topUp)).isZero();
        assertThat(given().get("/api/v1/settlement/entries/" + topUp).jsonPath().getString("reversedBy")).isNull();
    }

    private static Response reverse(long entry, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/settlement/entries/" + entry + ":reverse");
    }

    private long audited(long entry) {
        return Plans.count(jdbcUrl, "select count(*) from audit_record where convert_from(canonical, 'UTF8') like ?",
                "%ledger.reverse%\"ledger-entry/" + entry + "\"%");
    }

    /** The entry's row and postings as text, to compare before and after. */
    private List<String> rows(long entry) {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                var s = c.prepareStatement("select e::text from ledger_entry e where id = ? union all"
                        + " select p::text from (select * from ledger_posting where entry_id = ? order by account) p")) {
            s.setLong(1, entry);
            s.setLong(2, entry);
            var rs = s.executeQuery();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
        assertThat(rows).hasSize(3);
        return rows;
    }
}
