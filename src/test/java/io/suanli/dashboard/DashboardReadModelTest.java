package io.suanli.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.quarkus.vertx.VertxContextSupport;
import io.suanli.common.time.Slots;
import io.suanli.jobs.service.JobService;
import io.suanli.planning.persistence.PlanCommitter;
import io.suanli.planning.persistence.PlanStore;
import io.suanli.settlement.service.UsageSettler;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's read models over a small estate of the test's own: what plans hold per site,
 * slot and node, the queue's order and cursor, the job view and the tenants view, with exact
 * figures. Plans are written by {@link LiveSchedulerStandIn}, standing in for the live scheduler.
 */
@QuarkusTest
class DashboardReadModelTest {

    /** Per task: 16 cores × 0.12 + 64 GiB × 0.015 + 2 GPUs × 22.123456 = 47.126912 per hour; two tasks. */
    private static final BigDecimal HOURLY = new BigDecimal("94.253824");
    private static final BigDecimal QUOTE = new BigDecimal("282.761472");

    @Inject
    Pool pool;

    @Inject
    JobService jobs;

    @Inject
    Clock clock;

    @Inject
    PlanStore planStore;

    @Inject
    PlanCommitter committer;

    @Inject
    UsageSettler settler;

    @Test
    void planHoldsCapacityOfItsSiteForItsSlotsAndShowsOnNodesQueueJobAndTenant() throws Throwable {
        LiveSchedulerStandIn scheduler = new LiveSchedulerStandIn(pool, jobs);
        Jobs.Estate e = Jobs.estate();
        String id = submit(e);
        int slotMinutes = given().get("/api/v1/settings").then().extract().path("slotMinutes");
        Instant start = Slots.slotStart(clock.instant(), Duration.ofMinutes(slotMinutes));
        scheduler.plan(id, start, List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2"), clock.instant());

        JsonPath site = siteInEstate(e);
        assertThat(site.getLong("capacity.cpuCores")).isEqualTo(256);
        assertThat(site.getLong("capacity.gpus")).isEqualTo(16);
        assertThat(site.getLong("usedNow.cpuCores")).isEqualTo(32);
        assertThat(site.getLong("usedNow.gpus")).isEqualTo(4);
        assertThat(site.getDouble("usedNow.memoryGiB")).isEqualTo(128.0);
        int slotsOfThreeHours = 180 / slotMinutes;
        List<Integer> gpus = site.getList("horizon.gpus");
        assertThat(gpus.subList(0, slotsOfThreeHours)).containsOnly(4);
        assertThat(gpus.get(slotsOfThreeHours)).isZero();
        assertThat(site.getList("horizon.tentativeGpus", Integer.class).get(0)).isEqualTo(4);
        assertThat(site.getString("tier")).isEqualTo("INTELLIGENT");
        assertThat(siteInEstate(e, e.edgeSite()).getLong("usedNow.cpuCores")).isZero();

        JsonPath detail = given().get("/api/v1/dashboard/sites/" + e.gpuSite()).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getList("nodes.name")).containsExactly(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2");
        assertThat(detail.getList("nodes.usedGpus", Integer.class)).containsExactly(2, 2);
        assertThat(detail.getList("nodes.tasks", Integer.class)).containsExactly(1, 1);
        assertThat(detail.getList("placements.jobId")).containsExactly(id);
        assertThat(detail.getList("placements.committed")).containsExactly(false);
        assertThat(detail.getList("placements.nodes")).containsExactly(List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2"));

        // Money as BigDecimal: the default float reading would drop the sixth decimal.
        JsonPath job = JsonPath.from(given().get("/api/v1/dashboard/jobs/" + id).then().statusCode(200).extract().asString())
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertThat(job.getList("events.state")).containsExactly("QUEUED", "PLANNED");
        assertThat(new BigDecimal(job.getString("plan.hourlyPrice"))).isEqualByComparingTo(HOURLY);
        assertThat(new BigDecimal(job.getString("plan.quotedCost"))).isEqualByComparingTo(QUOTE);
        assertThat(job.getString("plan.committedAt")).isNull();
        assertThat(job.getList("plan.tasks.node")).containsExactly(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2");
        assertThat(job.getString("explanation.href")).isEqualTo("/api/v1/jobs/" + id + "/placement");
        assertThat(job.getInt("usage.records")).isZero(); // planned, not run: nothing metered

        assertThat(tenantRow(e).get("committedQuotes").toString()).isEqualTo("0");
        scheduler.commit(id, clock.instant());
        assertThat(siteInEstate(e).getList("horizon.tentativeGpus", Integer.class).get(0)).isZero();
        Map<String, Object> tenant = tenantRow(e);
        assertThat(new BigDecimal(tenant.get("committedQuotes").toString())).isEqualByComparingTo(QUOTE);
        assertThat(((Number) tenant.get("gpusNow")).intValue()).isEqualTo(4);
        assertThat(((Number) tenant.get("gpuHoursCommitted")).doubleValue()).isEqualTo(12.0);
    }

    /**
     * A department topped up with 1,000.00 runs one job for an hour: the live scheduler's store and
     * commit paths plan it and hold its quote (282.761472 rounded up: 282.77), both tasks report
     * an hour of the whole task (47.13 each, 2 GPU-hours and 1.745 kWh each), settlement captures
     * 94.26 from the hold, 1.88 of it platform fee (2 %, rounded down), 92.38 to the site.
     */
    @Test
    void tenantBudgetSpendUsageAndProviderRevenueComeFromTheLedgerAndTheUsageRecordsPerDay() throws Throwable {
        Jobs.Estate e = Jobs.estate();
        given().contentType(ContentType.JSON).body("{\"amount\": 1000.00}")
                .post("/api/v1/settlement/budgets/" + e.tenant() + ":top-up").then().statusCode(200);
        String id = submit(e);
        ZoneId zone = ZoneId.of(given().get("/api/v1/settings").then().extract().path("timeZone"));
        Instant start = LocalDate.ofInstant(clock.instant(), zone).atTime(8, 0).atZone(zone).toInstant();
        UUID job = UUID.fromString(id);
        VertxContextSupport.subscribeAndAwait(() -> planStore.write(List.of(new PlanStore.PlanRow(job, e.gpuSite(), start,
                start.plus(Duration.ofHours(3)), 1.0, List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2"))), List.of(), List.of(),
                clock.instant()));
        assertThat(VertxContextSupport.subscribeAndAwait(() -> committer.commit(List.of(job), clock.instant())).placed())
                .containsExactly(job);
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(Plans.reportAt(e.prefix() + "-u0", id, 0, start, 0),
                Plans.reportAt(e.prefix() + "-u1", id, 1, start, 0)))).post("/api/v1/usage:batch").then().statusCode(200);
        JsonPath tenants = settledTenants(e.tenant(), "94.26");

        String row = "tenants.find { it.name == '" + e.tenant() + "' }";
        assertThat(tenants.getBoolean(row + ".budget.enforced")).isTrue();
        assertThat(tenants.getString(row + ".budget.toppedUp")).isEqualTo("1000.00");
        assertThat(tenants.getString(row + ".budget.spent")).isEqualTo("94.26");
        assertThat(tenants.getString(row + ".budget.held")).isEqualTo("188.51");
        assertThat(tenants.getString(row + ".budget.available")).isEqualTo("717.23");
        List<String> days = tenants.getList("days", String.class);
        assertThat(days).hasSize(14).last().isEqualTo(LocalDate.ofInstant(clock.instant(), zone).toString());
        assertThat(tenants.getList(row + ".usage.spend", String.class)).hasSize(14).last().isEqualTo("94.26");
        assertThat(tenants.getList(row + ".usage.spend", String.class).subList(0, 13)).containsOnly("0.00");
        assertThat(tenants.getList(row + ".usage.gpuHours", String.class)).last().isEqualTo("4");
        assertThat(tenants.getList(row + ".usage.energyKWh", String.class)).last().isEqualTo("3.49");
        BigDecimal carbon = JsonPath.from(given().queryParam("tenant", e.tenant()).get("/api/v1/usage").then().statusCode(200)
                        .extract().asString()).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .getList("items.carbonKg", String.class).stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(carbon).isPositive();
        assertThat(new BigDecimal(tenants.getList(row + ".usage.carbonKg", String.class).get(13))).isEqualByComparingTo(carbon);

        String site = "providers.find { it.site == '" + e.gpuSite() + "' }";
        assertThat(tenants.getString(site + ".revenue")).isEqualTo("92.38");
        assertThat(tenants.getList(site + ".revenueByDay", String.class)).last().isEqualTo("92.38");
        assertThat(tenants.getList(site + ".gpuHours", String.class)).last().isEqualTo("4");
        assertThat(tenants.getList(site + ".energyKWh", String.class)).last().isEqualTo("3.49");
        assertThat(tenants.getString(site + ".committedQuotes")).isEqualTo("282.761472");
        assertThat(tenants.getString(site + ".region")).isEqualTo(e.region());
    }

    /** Settles until the tenant's spend shows (the usage feed lags while other transactions in the cluster are open). */
    private JsonPath settledTenants(String tenant, String spent) throws Throwable {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonPath tenants;
        do {
            VertxContextSupport.subscribeAndAwait(settler::settleAll);
            tenants = JsonPath.from(given().get("/api/v1/dashboard/tenants").then().statusCode(200).extract().asString())
                    .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        } while (!spent.equals(tenants.getString("tenants.find { it.name == '" + tenant + "' }.budget.spent"))
                && System.nanoTime() < deadline);
        return tenants;
    }

    @Test
    void queueListsWaitingJobsOfATenantOldestFirstByCursorWithPlanOrReason() throws Throwable {
        LiveSchedulerStandIn scheduler = new LiveSchedulerStandIn(pool, jobs);
        Jobs.Estate e = Jobs.estate();
        String first = submit(e);
        String second = submit(e);
        String third = submit(e);
        scheduler.plan(second, clock.instant(), List.of(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2"), clock.instant());

        JsonPath page1 = given().queryParam("tenant", e.tenant()).queryParam("limit", 2)
                .get("/api/v1/dashboard/queue").then().statusCode(200).extract().jsonPath();
        assertThat(page1.getList("items.id")).containsExactly(first, second);
        assertThat(page1.getList("items.state")).containsExactly("QUEUED", "PLANNED");
        assertThat(page1.getList("items.planSite")).containsExactly(null, e.gpuSite());
        assertThat(page1.getMap("waitingByTenant." + quoted(e.tenant()))).isEqualTo(Map.of("QUEUED", 2, "PLANNED", 1));

        JsonPath page2 = given().queryParam("tenant", e.tenant()).queryParam("limit", 2).queryParam("after", page1.getString("next"))
                .get("/api/v1/dashboard/queue").then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("items.id")).containsExactly(third);
        assertThat(page2.getString("next")).isNull();

        scheduler.commit(second, clock.instant());
        assertThat(given().queryParam("tenant", e.tenant()).get("/api/v1/dashboard/queue").then().extract().jsonPath()
                .getList("items.id")).containsExactly(first, third);
    }

    @Test
    void badInputAnswersProblems() {
        given().get("/api/v1/dashboard/sites/no-such-site").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/dashboard/jobs/not-a-job").then().statusCode(404);
        given().queryParam("after", "garbage").get("/api/v1/dashboard/queue").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        given().queryParam("limit", 0).get("/api/v1/dashboard/queue").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    private static String submit(Jobs.Estate e) {
        return given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    private static JsonPath siteInEstate(Jobs.Estate e) {
        return siteInEstate(e, e.gpuSite());
    }

    private static JsonPath siteInEstate(Jobs.Estate e, String site) {
        JsonPath estate = given().get("/api/v1/dashboard/estate").then().statusCode(200).extract().jsonPath();
        Map<String, Object> found = estate.getMap("regions.find { it.name == '" + e.region() + "' }.sites.find { it.name == '" + site + "' }");
        assertThat(found).as("site %s in the estate view", site).isNotNull();
        return JsonPath.from(toJson(found));
    }

    private static Map<String, Object> tenantRow(Jobs.Estate e) {
        return JsonPath.from(given().get("/api/v1/dashboard/tenants").then().statusCode(200).extract().asString())
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL)).getMap("tenants.find { it.name == '" + e.tenant() + "' }");
    }

    private static String quoted(String key) {
        return "'" + key + "'";
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
