package io.suanli.metering;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Usage reports over REST: priced from the locked prices, stored exactly once, bad input refused whole. */
@QuarkusTest
class UsageIngestTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aReportedRecordIsPricedAtTheLockedPricesWithEnergyAndCarbon() {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        batch(List.of(Plans.report(e.prefix() + "-u1", job, 0, 1))).then().statusCode(200);

        JsonPath record = pullAll(e.tenant(), 1).get(0);
        assertThat(record.getString("id")).isEqualTo(e.prefix() + "-u1");
        assertThat(record.getString("node")).isEqualTo(e.prefix() + "-gpu-1");
        assertThat(record.getString("gpuModel")).isEqualTo("H100");
        // 16 x 0.12 + 64 x 0.015 + 2 x 22.123456 = 47.126912, rounded once to 47.13
        assertThat(record.getString("billedCost")).isEqualTo("47.13");
        assertThat(record.getString("listCost")).isEqualTo("47.13");
        // (16 x 6 W + 2 x 650 W) x 1 h x PUE 1.25 = 1.745 kWh; hour 1 of the region's curve is 480.5 g/kWh
        assertThat(record.getString("energyKWh")).isEqualTo("1.745");
        assertThat(record.getString("carbonKg")).isEqualTo("0.8384725");
        assertThat(record.getString("unitPrices.gpu")).isEqualTo("22.123456");
        assertThat(record.getString("chargeDay")).isEqualTo("2026-11-28");
        assertThat(record.getBoolean("adjustment")).isFalse();
    }

    @Test
    void aRepeatWithTheSameContentIsIgnoredAndWithOtherContentRefusedWhole() {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        Map<String, Object> first = Plans.report(e.prefix() + "-a", job, 0, 0);
        batch(List.of(first)).then().statusCode(200).body("inserted", org.hamcrest.Matchers.is(1));

        Response repeat = batch(List.of(first, Plans.report(e.prefix() + "-b", job, 1, 0)));
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.jsonPath().getInt("inserted")).isEqualTo(1);
        assertThat(repeat.jsonPath().getInt("duplicates")).isEqualTo(1);

        Map<String, Object> changed = new HashMap<>(first);
        changed.put("gpuHours", 1);
        Response refused = batch(List.of(Plans.report(e.prefix() + "-c", job, 0, 1), changed));
        assertProblem(refused, 409, "conflict", "records[1].id", "already reported with different content");
        assertThat(pullAll(e.tenant(), 2)).extracting(r -> r.getString("id")).containsExactly(e.prefix() + "-a", e.prefix() + "-b");
    }

    @Test
    void concurrentDuplicateReportsAreStoredExactlyOnce() throws Exception {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(Plans.report(e.prefix() + "-d" + i, job, i % 2, i % 3));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> inserted = new ArrayList<>();
            for (int client = 0; client < 6; client++) {
                List<Map<String, Object>> mine = new ArrayList<>(records);
                java.util.Collections.shuffle(mine, new java.util.Random(client));
                Callable<Integer> send = () -> batch(mine).then().statusCode(200).extract().jsonPath().getInt("inserted");
                inserted.add(pool.submit(send));
            }
            int total = 0;
            for (Future<Integer> f : inserted) {
                total += f.get();
            }
            assertThat(total).as("each record inserted by exactly one client").isEqualTo(300);
        } finally {
            pool.shutdown();
        }
        assertThat(pullAll(e.tenant(), 300)).hasSize(300);
        assertThat(Plans.count(jdbcUrl, "select count(*) from usage_record where tenant = ?", e.tenant())).isEqualTo(300);
    }

    @Test
    void badInputIsRefusedWithTheFieldAtFaultAndNothingIsStored() {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        Map<String, Object> good = Plans.report(e.prefix() + "-ok", job, 0, 0);

        Map<String, Object> negative = Plans.report(e.prefix() + "-neg", job, 0, 1);
        negative.put("cpuCoreHours", -1);
        assertProblem(batch(List.of(good, negative)), 422, "validation-failed", "records[1].cpuCoreHours", "is negative");

        Map<String, Object> unknown = Plans.report(e.prefix() + "-unk", "00000000-0000-0000-0000-000000000000", 0, 1);
        assertProblem(batch(List.of(good, unknown)), 422, "validation-failed", "records[1].jobId", "unknown job");

        Map<String, Object> outside = Plans.report(e.prefix() + "-out", job, 0, Plans.HOURS);
        assertProblem(batch(List.of(good, outside)), 422, "validation-failed", "records[1].startsAt", "outside the job's run");

        Map<String, Object> currency = Plans.report(e.prefix() + "-usd", job, 0, 1);
        currency.put("currency", "USD");
        assertProblem(batch(List.of(good, currency)), 422, "validation-failed", "records[1].currency", "not the exchange currency CNY");

        Map<String, Object> tooMuch = Plans.report(e.prefix() + "-big", job, 0, 1);
        tooMuch.put("gpuHours", 3);
        assertProblem(batch(List.of(good, tooMuch)), 422, "validation-failed", "records[1].gpuHours", "more than the task's");

        assertThat(Plans.count(jdbcUrl, "select count(*) from usage_record where tenant = ?", e.tenant()))
                .as("nothing of a refused batch is stored").isZero();
        assertProblem(given().contentType(ContentType.JSON).body("{}").post("/api/v1/usage:batch"), 400, "malformed-request",
                "records", "records array");
        assertThat(given().contentType(ContentType.JSON).body("{}").post("/api/v1/usage:nope").statusCode()).isEqualTo(404);
    }

    /** Numbers as BigDecimal: money and quantities must not pass through float in assertions. */
    static final io.restassured.path.json.config.JsonPathConfig EXACT =
            new io.restassured.path.json.config.JsonPathConfig(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL);

    static Response batch(List<Map<String, Object>> records) {
        return given().contentType(ContentType.JSON).body(Map.of("records", records)).post("/api/v1/usage:batch");
    }

    /**
     * Every record of a tenant from the start of the feed, read again until at least {@code expected}
     * are there: the feed holds back rows while any older transaction in the cluster is still open
     * (other test runs share this PostgreSQL), so it may lag behind a commit for a while.
     */
    static List<JsonPath> pullAll(String tenant, int expected) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (true) {
            List<JsonPath> all = pullOnce(tenant);
            if (all.size() >= expected || System.nanoTime() > deadline) {
                return all;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<JsonPath> pullOnce(String tenant) {
        List<JsonPath> all = new ArrayList<>();
        String after = null;
        while (true) {
            var request = given().queryParam("tenant", tenant).queryParam("limit", 100);
            if (after != null) {
                request.queryParam("after", after);
            }
            String body = request.get("/api/v1/usage").then().statusCode(200).extract().asString();
            JsonPath page = new JsonPath(body).using(EXACT);
            int n = page.getList("items").size();
            for (int i = 0; i < n; i++) {
                all.add(new JsonPath(body).using(EXACT).setRootPath("items[" + i + "]"));
            }
            after = page.getString("next");
            if (n == 0) {
                return all;
            }
        }
    }
}
