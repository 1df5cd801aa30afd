package io.suanli.jobs;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.suanli.support.Jobs;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid submission gets its status and a problem naming the field, and stores nothing. */
@QuarkusTest
class InvalidSubmissionTest {

    /** What to break in a valid job of the test estate, and the answer expected. */
    record Case(String label, BiConsumer<Jobs.Estate, Map<String, Object>> breakIt, int status, String field, String text) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> invalidJobs() {
        return Stream.of(
                new Case("unknown tenant", (e, j) -> j.put("tenant", e.prefix() + "-nobody"), 422, "tenant", "unknown tenant"),
                new Case("tenant not a DNS label", (e, j) -> j.put("tenant", "Transport Dept"), 422, "tenant", "DNS-1123"),
                new Case("no tenant", (e, j) -> j.remove("tenant"), 422, "tenant", "is required"),
                new Case("no cpu", (e, j) -> j.remove("cpuCores"), 422, "cpuCores", "is required"),
                new Case("negative memory", (e, j) -> j.put("memoryGiB", -1), 422, "memoryGiB", "outside"),
                new Case("zero tasks", (e, j) -> j.put("tasks", 0), 422, "tasks", "outside"),
                new Case("zero duration", (e, j) -> j.put("durationHours", 0), 422, "durationHours", "outside"),
                new Case("deadline before it could finish", (e, j) -> {
                    j.put("earliestStart", "2026-12-01T00:00:00Z");
                    j.put("deadline", "2026-12-01T02:00:00Z");
                }, 422, "deadline", "earlier than earliest start + duration"),
                new Case("zero priority", (e, j) -> j.put("priority", 0), 422, "priority", "outside"),
                new Case("latency without data site", (e, j) -> j.remove("dataSite"), 422, "maxLatencyMs", "needs dataSite"),
                new Case("unknown data site", (e, j) -> j.put("dataSite", "sh-edge-99"), 422, "dataSite", "unknown site 'sh-edge-99'"),
                new Case("unknown allowed region", (e, j) -> j.put("allowedRegions", List.of("atlantis")),
                        422, "allowedRegions[0]", "unknown region 'atlantis'"),
                new Case("more GPUs per task than any node", (e, j) -> j.put("gpus", 16), 422, "gpus", "no allowed node has 16 H100 GPUs"),
                new Case("GPU model nowhere in the estate", (e, j) -> j.put("gpuModel", "B200"), 422, "gpuModel", "no allowed site has B200 nodes"),
                new Case("no allowed site close enough to the data", (e, j) -> {
                    // Data in a region of its own that the job may not use, and no link to the others.
                    io.suanli.support.Estates.post("/api/v1/regions", io.suanli.support.Estates.region(e.prefix() + "-far"));
                    io.suanli.support.Estates.post("/api/v1/sites", io.suanli.support.Estates.site(e.prefix() + "-far-s", e.prefix() + "-far"));
                    j.put("dataSite", e.prefix() + "-far-s");
                }, 422, "maxLatencyMs", "no allowed site within 5.0 ms"),
                new Case("price cap below every offer", (e, j) -> j.put("maxPricePerHour", 1), 422, "maxPricePerHour",
                        "below the cheapest offer"),
                new Case("gang larger than any site", (e, j) -> j.put("tasks", 9), 422, "tasks", "hold all 9 tasks"),
                new Case("over the tenant's GPU quota", (e, j) -> {
                    j.put("tasks", 33);
                    j.put("gpus", 2);
                }, 422, "gpus", "exceed tenant"),
                new Case("cpu as text", (e, j) -> j.put("cpuCores", "eight"), 400, "cpuCores", "expected a number"),
                new Case("start that is not an instant", (e, j) -> j.put("earliestStart", "tomorrow"), 400, "earliestStart",
                        "expected a UTC instant"),
                new Case("GPU model without GPUs", (e, j) -> j.put("gpus", 0), 422, "gpuModel", "must be absent when gpus = 0"),
                new Case("bad environment name", (e, j) -> j.put("env", Map.of("1BAD", "x")), 422, "env.1BAD", "not a valid key"),
                new Case("too many retries", (e, j) -> j.put("maxRetries", 11), 422, "maxRetries", "outside"),
                new Case("price with 7 decimals", (e, j) -> j.put("maxPricePerHour", new BigDecimal("10.1234567")),
                        422, "maxPricePerHour", "more than 6 decimals"),
                new Case("nothing to compute", (e, j) -> {
                    j.put("cpuCores", 0);
                    j.put("gpus", 0);
                    j.remove("gpuModel");
                }, 422, "cpuCores", "at least one CPU core or one GPU"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJobs")
    void invalidSubmissionIsRefusedAndNothingStored(Case c) {
        Jobs.Estate e = Jobs.estate();
        Map<String, Object> job = Jobs.job(e);
        c.breakIt().accept(e, job);
        Response response = given().contentType(ContentType.JSON).header("Idempotency-Key", "bad-1").body(job).post("/api/v1/jobs");
        assertProblem(response, c.status(), c.status() == 400 ? "malformed-request" : "validation-failed", c.field(), c.text());
        assertThat(given().queryParam("tenant", e.tenant()).get("/api/v1/jobs").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
        // The refused key is not taken: the corrected request is accepted under it.
        given().contentType(ContentType.JSON).header("Idempotency-Key", "bad-1").body(Jobs.job(e)).post("/api/v1/jobs")
                .then().statusCode(201);
    }

    @org.junit.jupiter.api.Test
    void malformedJsonIsRefused() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"tenant\": ").post("/api/v1/jobs"),
                400, "malformed-request", null, null);
    }
}
