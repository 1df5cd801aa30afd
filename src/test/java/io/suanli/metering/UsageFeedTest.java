package io.suanli.metering;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The billing pull never skips and never repeats a record, and the FOCUS export is exact. */
@QuarkusTest
class UsageFeedTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aRecordWhoseTransactionCommitsLateIsDeliveredAfterLaterOnesExactlyOnce() throws Exception {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        String start = end(e.tenant(), null);
        try (Connection slow = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            slow.setAutoCommit(false);
            insertRaw(slow, e.prefix() + "-late", job, e);
            UsageIngestTest.batch(List.of(Plans.report(e.prefix() + "-early", job, 1, 0))).then().statusCode(200);

            JsonPath whileOpen = page(e.tenant(), start);
            assertThat(whileOpen.getList("items")).as("nothing past a running transaction").isEmpty();
            assertThat(whileOpen.getString("next")).isEqualTo(start);

            slow.commit();
        }
        List<String> delivered = new ArrayList<>();
        String next = start;
        long deadline = System.nanoTime() + 90_000_000_000L;
        // The feed may lag while other transactions in the shared cluster are open: read on until both came.
        while (delivered.size() < 2 && System.nanoTime() < deadline) {
            JsonPath p = page(e.tenant(), next);
            delivered.addAll(p.getList("items.id"));
            next = p.getString("next");
        }
        assertThat(delivered).containsExactly(e.prefix() + "-late", e.prefix() + "-early");
        assertThat(page(e.tenant(), next).getList("items")).as("nothing repeats").isEmpty();
    }

    @Test
    void aReaderPullingWhileManyWritersCommitSeesEveryRecordOnce() throws Exception {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        int writers = 4;
        int batches = 8;
        int perBatch = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        try {
            Future<?> reader = pool.submit(() -> {
                String after = null;
                long deadline = Long.MAX_VALUE;
                while (seen.size() < writers * batches * perBatch && System.nanoTime() < deadline) {
                    if (!writing.get() && deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + 90_000_000_000L;
                    }
                    JsonPath p = page(e.tenant(), after);
                    seen.addAll(p.getList("items.id"));
                    after = p.getString("next");
                }
                // Everything arrived: one more read must bring nothing (no repeats at the end either).
                seen.addAll(page(e.tenant(), after).getList("items.id"));
                return null;
            });
            List<Future<?>> sent = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                sent.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<Map<String, Object>> records = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            records.add(Plans.report(e.prefix() + "-w" + writer + "-" + b + "-" + i, job, i % 2, i % 3));
                        }
                        UsageIngestTest.batch(records).then().statusCode(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            writing.set(false);
            reader.get();
        } finally {
            pool.shutdown();
        }
        assertThat(seen).hasSize(writers * batches * perBatch);
        assertThat(new HashSet<>(seen)).hasSize(writers * batches * perBatch);
    }

    @Test
    void theFocusExportHasTheMandatoryColumnsAndExactValuesForAHandCheckedRecord() {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        UsageIngestTest.batch(List.of(Plans.report(e.prefix() + "-f", job, 0, 1))).then().statusCode(200);
        // The export reads committed rows directly; it does not wait on the feed.

        String csv = given().queryParam("from", "2026-11-28T01:00:00Z").queryParam("to", "2026-11-28T02:00:00Z")
                .queryParam("tenant", e.tenant())
                .get("/api/v1/usage.csv").then().statusCode(200).contentType("text/csv").extract().asString();
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].split(","));
        assertThat(header).contains("BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart",
                "BillingPeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd",
                "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName",
                "PublisherName", "ServiceCategory", "ServiceName", "ResourceId", "RegionId", "ConsumedQuantity", "ConsumedUnit",
                "ListUnitPrice", "x_EnergyKWh", "x_CarbonKg", "x_Tenant", "x_JobId");
        assertThat(lines).hasSize(4);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertThat(cells).hasSize(header.size());
            Map<String, String> row = new java.util.HashMap<>();
            for (int c = 0; c < cells.length; c++) {
                row.put(header.get(c), cells[c]);
            }
            rows.add(row);
        }
        assertThat(rows).extracting(r -> r.get("PricingUnit")).containsExactly("Core-Hours", "GiB-Hours", "GPU-Hours");
        assertThat(rows).extracting(r -> r.get("BilledCost")).containsExactly("1.92", "0.96", "44.25");
        assertThat(rows).extracting(r -> r.get("ListUnitPrice")).containsExactly("0.12", "0.015", "22.123456");
        assertThat(rows).extracting(r -> r.get("ConsumedQuantity")).containsExactly("16", "64", "2");
        Map<String, String> cpu = rows.get(0);
        assertThat(cpu.get("BillingCurrency")).isEqualTo("CNY");
        assertThat(cpu.get("BillingAccountId")).isEqualTo(e.tenant());
        assertThat(cpu.get("x_Tenant")).isEqualTo(e.tenant());
        assertThat(cpu.get("x_JobId")).isEqualTo(job);
        assertThat(cpu.get("ResourceId")).isEqualTo(job + "/0");
        assertThat(cpu.get("RegionId")).isEqualTo(e.region());
        assertThat(cpu.get("ChargeCategory")).isEqualTo("Usage");
        assertThat(cpu.get("ChargePeriodStart")).isEqualTo("2026-11-28T01:00:00Z");
        assertThat(cpu.get("ChargePeriodEnd")).isEqualTo("2026-11-28T02:00:00Z");
        // November 2026 in Asia/Shanghai, as UTC instants
        assertThat(cpu.get("BillingPeriodStart")).isEqualTo("2026-10-31T16:00:00Z");
        assertThat(cpu.get("BillingPeriodEnd")).isEqualTo("2026-11-30T16:00:00Z");
        assertThat(cpu.get("x_EnergyKWh")).isEqualTo("1.745");
        assertThat(cpu.get("x_CarbonKg")).isEqualTo("0.8384725");
        assertThat(rows.get(2).get("x_EnergyKWh")).isEqualTo("0");
    }

    @Test
    void anExportRangeMustBeOrderedAndComplete() {
        assertProblem(given().queryParam("from", "2026-11-29T00:00:00Z").queryParam("to", "2026-11-28T00:00:00Z")
                .get("/api/v1/usage.csv"), 422, "validation-failed", "from", "must be before to");
        assertProblem(given().queryParam("from", "yesterday").queryParam("to", "2026-11-28T00:00:00Z")
                .get("/api/v1/usage.csv"), 400, "malformed-request", "from", "not an ISO-8601 instant");
        assertProblem(given().queryParam("after", "garbage").get("/api/v1/usage"), 400, "malformed-request", "after",
                "not a feed position");
    }

    private static JsonPath page(String tenant, String after) {
        var request = given().queryParam("tenant", tenant).queryParam("limit", 50);
        if (after != null) {
            request.queryParam("after", after);
        }
        return request.get("/api/v1/usage").then().statusCode(200).extract().jsonPath();
    }

    private static String end(String tenant, String after) {
        while (true) {
            JsonPath p = page(tenant, after);
            after = p.getString("next");
            if (p.getList("items").isEmpty()) {
                return after;
            }
        }
    }

    /** A record written by another transaction, as a slow writer would. */
    static void insertRaw(Connection c, String id, String job, Jobs.Estate e) throws Exception {
        try (PreparedStatement s = c.prepareStatement("insert into usage_record (event_id, digest, source, job_id, attempt, task,"
                + " tenant, site, region, tier, node, starts_at, ends_at, cpu_core_hours, memory_gib_hours, gpu_hours, energy_kwh,"
                + " carbon_kg, price_cpu_core, price_memory_gib, price_gpu, currency, list_cost_minor, billed_cost_minor,"
                + " charge_day, billing_day, recorded_at) values (?, '\\x00', 'REPORTED', ?::uuid, 0, 0, ?, ?, ?, 'INTELLIGENT', ?,"
                + " '2026-11-28T02:00:00Z', '2026-11-28T03:00:00Z', 16, 64, 2, 1.745, 0.82, 0.12, 0.015, 22.123456, 'CNY', 4713, 4713,"
                + " '2026-11-28', '2026-11-28', now())")) {
            s.setString(1, id);
            s.setString(2, job);
            s.setString(3, e.tenant());
            s.setString(4, e.gpuSite());
            s.setString(5, e.region());
            s.setString(6, e.prefix() + "-gpu-1");
            s.executeUpdate();
        }
    }
}
