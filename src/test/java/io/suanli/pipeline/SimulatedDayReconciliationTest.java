package io.suanli.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.suanli.common.time.ExchangeClock;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A simulated day of a department, driven by the injected clock through the whole pipeline: the
 * live scheduler plans and commits (holding the budget), the dispatcher runs the jobs on a
 * simulated site, metering turns the runs into usage, settlement captures it and releases the
 * holds; at the end the reconciliation of the day agrees: usage = ledger captures = statements =
 * FOCUS BilledCost, the ledger sums to zero and every cached balance agrees.
 */
@QuarkusTest
@TestProfile(PipelineEndToEndTest.Pipeline.class)
class SimulatedDayReconciliationTest {

    private static final JsonPathConfig EXACT = new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL);
    /** 2026-12-20 in Shanghai (the exchange's time zone): a day no other test runs usage in. */
    private static final Instant DAY = Instant.parse("2026-12-19T16:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(15);
    private static final long TOP_UP_MINOR = 10_000_000;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    ExchangeClock clock;

    @AfterEach
    void backToTheOtherTestsTime() {
        clock.set(Instant.parse("2026-11-28T10:30:00Z"));
    }

    @Test
    void theReconciliationOfASimulatedDayAgrees() throws InterruptedException {
        clock.set(DAY);
        Jobs.Estate e = Jobs.estate();
        given().contentType(ContentType.JSON).body("{\"amount\": 100000}")
                .post("/api/v1/settlement/budgets/" + e.tenant() + ":top-up").then().statusCode(200);

        // Three waves of work, at 00:00, 08:00 and 16:00 local time: GPU jobs of 1 to 3 hours, and CPU jobs at the edge.
        List<String> jobs = new ArrayList<>(submitWave(e));
        Instant end = DAY.plus(Duration.ofDays(1));
        while (clock.instant().isBefore(end) || !allEnded(jobs)) {
            assertThat(clock.instant()).as("jobs still unfinished: %s", states(jobs)).isBefore(end.plus(Duration.ofHours(8)));
            clock.advance(STEP);
            Thread.sleep(250); // the scheduler and the dispatcher work every 100 ms
            Duration sinceStart = Duration.between(DAY, clock.instant());
            if (sinceStart.equals(Duration.ofHours(8)) || sinceStart.equals(Duration.ofHours(16))) {
                jobs.addAll(submitWave(e));
            }
        }
        assertThat(states(jobs)).as("every job of the day ran to its end").allMatch("SUCCEEDED"::equals);

        String from = DAY.toString();
        String to = end.toString();
        JsonPath reconciled = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            // Metering is asynchronous and the usage feed lags while other transactions are open: settle until it agrees.
            given().post("/api/v1/settlement/usage:settle").then().statusCode(200);
            reconciled = reconcile(from, to);
        } while (!reconciled.getBoolean("agrees") && System.nanoTime() < deadline);

        assertThat(reconciled.getList("differences")).isEmpty();
        assertThat(reconciled.getBoolean("agrees")).isTrue();
        BigDecimal billed = reconciled.get("usageBilled");
        assertThat(billed).isPositive();
        assertThat((BigDecimal) reconciled.get("ledgerCaptured")).isEqualByComparingTo(billed);
        assertThat((BigDecimal) reconciled.get("statementTotal")).isEqualByComparingTo(billed);
        assertThat((BigDecimal) reconciled.get("focusBilledCost")).isEqualByComparingTo(billed);
        assertThat(reconciled.getBoolean("cachedBalancesAgree")).isTrue();
        assertThat(reconciled.getMap("ledgerSumByCurrency").values()).allMatch(v -> ((Number) v).longValue() == 0L);

        // The department paid exactly its metered usage: every hold was captured or released.
        long used = Plans.count(jdbcUrl, "select sum(billed_cost_minor) from usage_record where tenant = ?", e.tenant());
        assertThat(Plans.count(jdbcUrl, "select count(*) from usage_record where tenant = ? and (starts_at < ?::timestamptz"
                + " or starts_at >= ?::timestamptz)", e.tenant(), from, to)).as("all of its usage is in the day").isZero();
        assertThat(used).isPositive();
        assertThat(Plans.count(jdbcUrl, "select count(distinct job_id) from ledger_entry where kind = 'HOLD' and tenant = ?",
                e.tenant())).as("the scheduler held budget for every job it committed").isEqualTo(jobs.size());
        assertThat(balance("hold:" + e.tenant())).isZero();
        assertThat(balance("budget:" + e.tenant())).isEqualTo(TOP_UP_MINOR - used);
        JsonPath statement = new JsonPath(given().queryParam("party", "tenant").queryParam("name", e.tenant())
                .queryParam("period", "day").queryParam("date", "2026-12-20").get("/api/v1/settlement/statements")
                .then().statusCode(200).extract().asString()).using(EXACT);
        assertThat(statement.getLong("billedMinor")).isEqualTo(used);
        assertThat(statement.getLong("records")).isEqualTo(
                Plans.count(jdbcUrl, "select count(*) from usage_record where tenant = ?", e.tenant()));
    }

    private static List<String> submitWave(Jobs.Estate e) {
        List<String> ids = new ArrayList<>();
        for (int hours = 1; hours <= 3; hours++) {
            Map<String, Object> gpu = new HashMap<>(Jobs.job(e));
            gpu.put("durationHours", hours);
            gpu.put("tasks", hours == 2 ? 1 : 2);
            ids.add(submit(gpu));
        }
        Map<String, Object> cpu = new HashMap<>(Jobs.job(e));
        cpu.put("gpus", 0);
        cpu.remove("gpuModel");
        cpu.put("tasks", 1);
        cpu.put("cpuCores", 32);
        cpu.put("durationHours", 2);
        ids.add(submit(cpu));
        return ids;
    }

    private static String submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201)
                .extract().jsonPath().getString("id");
    }

    private static boolean allEnded(List<String> jobs) {
        return states(jobs).stream().allMatch(s -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(s));
    }

    private static List<String> states(List<String> jobs) {
        return jobs.stream().map(id -> given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath().getString("state"))
                .toList();
    }

    private static JsonPath reconcile(String from, String to) {
        return new JsonPath(given().queryParam("from", from).queryParam("to", to).get("/api/v1/settlement/reconciliation")
                .then().statusCode(200).extract().asString()).using(EXACT);
    }

    private long balance(String account) {
        return Plans.count(jdbcUrl, "select coalesce(sum(amount_minor), 0) from ledger_posting where account = ?", account);
    }
}
