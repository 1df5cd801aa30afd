package io.suanli.jobs;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.suanli.support.Jobs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobResourceTest {

    @jakarta.inject.Inject
    io.suanli.common.time.ExchangeClock clock;

    @Test
    void submittedJobIsQueuedStoredAndReadBack() {
        Jobs.Estate e = Jobs.estate();
        Response created = given().contentType(ContentType.JSON).body(Jobs.job(e)).when().post("/api/v1/jobs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        assertThat(created.header("Location")).endsWith("/api/v1/jobs/" + id);
        assertThat(created.jsonPath().getString("state")).isEqualTo("QUEUED");

        given().when().get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("tenant", equalTo(e.tenant()))
                .body("state", equalTo("QUEUED"))
                .body("spec.tasks", equalTo(2))
                .body("spec.gpuModel", equalTo("H100"))
                .body("spec.maxPricePerHour", equalTo(500))
                .body("spec.env.MODEL", equalTo("yolo"))
                .body("spec.command", equalTo(List.of("python", "-m", "analytics")))
                .body("spec.maxRetries", equalTo(0));
        List<Map<String, Object>> events = given().when().get("/api/v1/jobs/" + id + "/events")
                .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("state", "QUEUED").containsEntry("sequence", 1).containsEntry("reason", "submitted");
    }

    @Test
    void everyFieldOfTheSpecIsStoredAsSubmitted() {
        Jobs.Estate e = Jobs.estate();
        Map<String, Object> body = Jobs.job(e);
        body.put("externalId", "train.v2_" + e.prefix());
        body.put("memoryGiB", 63.75);
        body.put("maxPricePerHour", new java.math.BigDecimal("499.123456"));
        body.put("maxLatencyMs", 4.5);
        body.put("args", List.of("--epochs", "3", "quote\"and\\backslash", "中文"));
        body.put("env", Map.of("MODEL", "yolo", "EMPTY", ""));
        body.put("labels", Map.of("team", "transport.bureau", "cost-centre", "42"));
        body.put("maxRetries", 2);
        Response created = given().contentType(ContentType.JSON).header("Idempotency-Key", "k-" + e.prefix())
                .body(body).when().post("/api/v1/jobs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.jsonPath().getString("id");

        // Decimals as BigDecimal: the default float would hide a lost digit.
        var exact = new io.restassured.path.json.config.JsonPathConfig(
                io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL);
        JsonPath read = given().when().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath().using(exact);
        assertThat(read.getMap("spec")).isEqualTo(created.jsonPath().using(exact).getMap("spec"));
        assertThat(read.getString("submittedAt")).isEqualTo(created.jsonPath().getString("submittedAt"));
        assertThat(read.getString("spec.externalId")).isEqualTo("train.v2_" + e.prefix());
        assertThat((java.math.BigDecimal) read.get("spec.memoryGiB")).isEqualByComparingTo("63.75");
        assertThat((java.math.BigDecimal) read.get("spec.maxPricePerHour")).isEqualByComparingTo("499.123456");
        assertThat((java.math.BigDecimal) read.get("spec.maxLatencyMs")).isEqualByComparingTo("4.5");
        assertThat(read.getList("spec.args")).containsExactly("--epochs", "3", "quote\"and\\backslash", "中文");
        assertThat(read.getMap("spec.env")).containsExactlyInAnyOrderEntriesOf(Map.of("MODEL", "yolo", "EMPTY", ""));
        assertThat(read.getMap("spec.labels")).containsExactlyInAnyOrderEntriesOf(Map.of("team", "transport.bureau", "cost-centre", "42"));
        assertThat(read.getInt("spec.maxRetries")).isEqualTo(2);

        // The stored request digest still recognises the same request as a replay.
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k-" + e.prefix()).body(body)
                .when().post("/api/v1/jobs").then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void jobsAreListedPerTenantAndStateWithCursorPagination() {
        Jobs.Estate e = Jobs.estate();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs")
                    .then().statusCode(201).extract().jsonPath().getString("id"));
        }
        given().post("/api/v1/jobs/" + ids.get(3) + ":cancel").then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            var request = given().queryParam("tenant", e.tenant()).queryParam("limit", 3);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            after = page.getString("next");
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(ids);

        List<String> cancelled = given().queryParam("tenant", e.tenant()).queryParam("state", "CANCELLED")
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(cancelled).containsExactly(ids.get(3));
    }

    @Test
    void cancelEndsTheJobOnceAndRecordsWhy() {
        Jobs.Estate e = Jobs.estate();
        String id = given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs")
                .then().statusCode(201).extract().jsonPath().getString("id");
        given().post("/api/v1/jobs/" + id + ":cancel").then().statusCode(200).body("state", equalTo("CANCELLED"));
        assertProblem(given().post("/api/v1/jobs/" + id + ":cancel"), 409, "conflict", null, null);
        List<String> states = given().get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("state");
        assertThat(states).containsExactly("QUEUED", "CANCELLED");
        assertProblem(given().post("/api/v1/jobs/" + id + ":explode"), 404, "not-found", null, null);
        assertProblem(given().post("/api/v1/jobs/00000000-0000-7000-8000-000000000000:cancel"), 404, "not-found", null, null);
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnTheOriginalJob() {
        Jobs.Estate e = Jobs.estate();
        Response first = given().contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body(Jobs.job(e)).post("/api/v1/jobs");
        assertThat(first.statusCode()).isEqualTo(201);
        Response again = given().contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body(Jobs.job(e)).post("/api/v1/jobs");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));

        Map<String, Object> other = Jobs.job(e);
        other.put("priority", 99);
        assertProblem(given().contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body(other).post("/api/v1/jobs"),
                409, "conflict", "Idempotency-Key", "different request");
        List<String> all = given().queryParam("tenant", e.tenant()).get("/api/v1/jobs").then().extract().jsonPath().getList("items.id");
        assertThat(all).containsExactly(first.jsonPath().getString("id"));
    }

    @Test
    void retryOfAnAcceptedRequestGetsItsJobEvenWhenTheSameRequestWouldNowBeRefused() {
        clock.set(java.time.Instant.parse("2026-11-28T10:00:00Z"));
        Jobs.Estate e = Jobs.estate();
        Map<String, Object> body = Jobs.job(e);
        body.put("deadline", "2026-11-28T13:00:30Z"); // just time for 3 hours from now
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", "late-retry").body(body)
                .post("/api/v1/jobs").then().statusCode(201).extract().jsonPath().getString("id");

        clock.advance(java.time.Duration.ofHours(1));
        assertProblem(given().contentType(ContentType.JSON).header("Idempotency-Key", "fresh").body(body).post("/api/v1/jobs"),
                422, "validation-failed", "deadline", "earlier than earliest start + duration");
        Response retry = given().contentType(ContentType.JSON).header("Idempotency-Key", "late-retry").body(body).post("/api/v1/jobs");
        assertThat(retry.statusCode()).as(retry.asString()).isEqualTo(200);
        assertThat(retry.jsonPath().getString("id")).isEqualTo(id);
    }

    @Test
    void aTenantWithJobsCannotBeDeleted() {
        Jobs.Estate e = Jobs.estate();
        given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201);
        assertProblem(given().delete("/api/v1/tenants/" + e.tenant()), 409, "conflict", null, null);
        given().get("/api/v1/tenants/" + e.tenant()).then().statusCode(200);
    }

    @Test
    void idempotencyKeysAreScopedToTheTenant() {
        Jobs.Estate a = Jobs.estate();
        Jobs.Estate b = Jobs.estate();
        String idA = given().contentType(ContentType.JSON).header("Idempotency-Key", "shared").body(Jobs.job(a))
                .post("/api/v1/jobs").then().statusCode(201).extract().jsonPath().getString("id");
        String idB = given().contentType(ContentType.JSON).header("Idempotency-Key", "shared").body(Jobs.job(b))
                .post("/api/v1/jobs").then().statusCode(201).extract().jsonPath().getString("id");
        assertThat(idA).isNotEqualTo(idB);
    }

    @Test
    void concurrentRepeatsOfOneKeyCreateExactlyOneJob() throws Exception {
        Jobs.Estate e = Jobs.estate();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> given().contentType(ContentType.JSON).header("Idempotency-Key", "race").body(Jobs.job(e)).post("/api/v1/jobs"));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
                created += r.statusCode() == 201 ? 1 : 0;
                ids.add(r.jsonPath().getString("id"));
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void externalIdIsUniquePerTenant() {
        Jobs.Estate e = Jobs.estate();
        Map<String, Object> body = Jobs.job(e);
        body.put("externalId", "nightly-42");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201);
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs"), 409, "conflict", "externalId", "is already job");
    }
}
