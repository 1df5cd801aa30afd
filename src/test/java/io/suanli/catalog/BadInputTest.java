package io.suanli.catalog;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Estates.node;
import static io.suanli.support.Estates.post;
import static io.suanli.support.Estates.region;
import static io.suanli.support.Estates.site;
import static io.suanli.support.Estates.tenant;
import static io.suanli.support.Estates.uniquePrefix;
import static io.suanli.support.Problems.assertProblem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.suanli.support.Estates;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bad request gets its status, problem JSON naming the field, and leaves nothing stored.
 * The scenario-level bad inputs are in {@code ScenarioImportTest}.
 */
@QuarkusTest
class BadInputTest {

    /** A bad node body: what to break, and the answer expected. */
    record NodeCase(String label, Consumer<Map<String, Object>> breakIt, int status, String type, String field, String text) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<NodeCase> badNodes() {
        return Stream.of(
                new NodeCase("negative cpu", n -> n.put("cpuCores", -4), 422, "validation-failed", "cpuCores", "outside"),
                new NodeCase("absurd memory", n -> n.put("memoryGiB", 5.0e9), 422, "validation-failed", "memoryGiB", "outside"),
                new NodeCase("cpu as text", n -> n.put("cpuCores", "many"), 400, "malformed-request", "cpuCores", "expected a number"),
                new NodeCase("fractional cpu", n -> n.put("cpuCores", 12.5), 400, "malformed-request", "cpuCores", "expected a number"),
                new NodeCase("unknown site", n -> n.put("site", "sh-ai-9"), 422, "validation-failed", "site", "unknown site 'sh-ai-9'"),
                new NodeCase("gpus without model", n -> n.put("gpuModel", null), 422, "validation-failed", "gpuModel", "required when gpus > 0"),
                new NodeCase("7 decimals in a price", n -> n.put("pricePerHour",
                        Map.of("cpuCore", 0.1, "memoryGiB", 0.01, "gpu", new BigDecimal("22.1234567"))),
                        422, "validation-failed", "pricePerHour.gpu", "more than 6 decimals"),
                new NodeCase("negative price", n -> n.put("pricePerHour",
                        Map.of("cpuCore", -0.1, "memoryGiB", 0.01, "gpu", 1)),
                        422, "validation-failed", "pricePerHour.cpuCore", "negative"),
                new NodeCase("no prices", n -> n.remove("pricePerHour"), 422, "validation-failed", "pricePerHour", "required"),
                new NodeCase("bad name", n -> n.put("name", "node with spaces"), 422, "validation-failed", "name", "not a valid name"),
                new NodeCase("unknown state", n -> n.put("state", "SLEEPING"), 400, "malformed-request", "state", "one of UP, DRAINING, DOWN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNodes")
    void badNodeIsRefusedAndNothingStored(NodeCase c) {
        String p = uniquePrefix();
        String site = Estates.createSite(p);
        Map<String, Object> body = node(p + "-n", site);
        c.breakIt().accept(body);
        Response response = given().contentType(ContentType.JSON).body(body).when().post("/api/v1/nodes");
        assertProblem(response, c.status(), c.type(), c.field(), c.text());
        given().when().get("/api/v1/nodes/" + p + "-n").then().statusCode(404);
        given().when().get("/api/v1/nodes?site=" + site).then().statusCode(200).body("items.size()", org.hamcrest.Matchers.is(0));
    }

    /** Other bad requests on other resources. */
    record Case(String label, Function<String, Response> send, int status, String type, String field, String text,
                Function<String, String> mustNotExist) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                new Case("malformed JSON", p -> given().contentType(ContentType.JSON).body("{\"name\": \"" + p + "\", ")
                        .post("/api/v1/tenants"), 400, "malformed-request", "body", "malformed JSON", p -> "/api/v1/tenants/" + p),
                new Case("empty body", p -> given().contentType(ContentType.JSON).post("/api/v1/tenants"),
                        400, "malformed-request", "body", "required", p -> "/api/v1/tenants/" + p),
                new Case("tenant not a DNS-1123 label", p -> given().contentType(ContentType.JSON)
                        .body(tenant("Transport_" + p)).post("/api/v1/tenants"),
                        422, "validation-failed", "name", "DNS-1123", p -> "/api/v1/tenants/Transport_" + p),
                new Case("negative quota", p -> {
                    Map<String, Object> t = tenant(p);
                    t.put("gpuQuota", -1);
                    return given().contentType(ContentType.JSON).body(t).post("/api/v1/tenants");
                }, 422, "validation-failed", "gpuQuota", "outside", p -> "/api/v1/tenants/" + p),
                new Case("duplicate tenant", p -> {
                    post("/api/v1/tenants", tenant(p));
                    return given().contentType(ContentType.JSON).body(tenant(p)).post("/api/v1/tenants");
                }, 409, "conflict", "name", "already exists", p -> null),
                new Case("site in unknown region", p -> given().contentType(ContentType.JSON)
                        .body(site(p + "-s", p + "-nowhere")).post("/api/v1/sites"),
                        422, "validation-failed", "region", "unknown region", p -> "/api/v1/sites/" + p + "-s"),
                new Case("PUE below 1", p -> {
                    post("/api/v1/regions", region(p + "-r"));
                    Map<String, Object> s = site(p + "-s", p + "-r");
                    s.put("pue", 0.5);
                    return given().contentType(ContentType.JSON).body(s).post("/api/v1/sites");
                }, 422, "validation-failed", "pue", "outside", p -> "/api/v1/sites/" + p + "-s"),
                new Case("unknown tier", p -> {
                    post("/api/v1/regions", region(p + "-r"));
                    Map<String, Object> s = site(p + "-s", p + "-r");
                    s.put("tier", "QUANTUM");
                    return given().contentType(ContentType.JSON).body(s).post("/api/v1/sites");
                }, 400, "malformed-request", "tier", "one of GENERAL", p -> "/api/v1/sites/" + p + "-s"),
                new Case("negative carbon intensity", p -> {
                    Map<String, Object> r = region(p + "-r");
                    r.put("carbonIntensity", java.util.List.of(500.0, -1.0));
                    return given().contentType(ContentType.JSON).body(r).post("/api/v1/regions");
                }, 422, "validation-failed", "carbonIntensity[1]", "outside", p -> "/api/v1/regions/" + p + "-r"),
                new Case("empty carbon series", p -> {
                    Map<String, Object> r = region(p + "-r");
                    r.put("carbonIntensity", java.util.List.of());
                    return given().contentType(ContentType.JSON).body(r).post("/api/v1/regions");
                }, 422, "validation-failed", "carbonIntensity", "needs 1 to", p -> "/api/v1/regions/" + p + "-r"),
                new Case("latency to an unknown site", p -> {
                    String s = Estates.createSite(p);
                    return given().contentType(ContentType.JSON).body(Map.of("ms", 3.0))
                            .put("/api/v1/latencies/" + s + "/" + p + "-ghost");
                }, 422, "validation-failed", "to", "unknown site", p -> "/api/v1/latencies/" + p + "-s/" + p + "-ghost"),
                new Case("negative latency", p -> {
                    String a = Estates.createSite(p);
                    post("/api/v1/sites", site(p + "-b", p + "-r"));
                    return given().contentType(ContentType.JSON).body(Map.of("ms", -3.0))
                            .put("/api/v1/latencies/" + a + "/" + p + "-b");
                }, 422, "validation-failed", "ms", "outside", p -> "/api/v1/latencies/" + p + "-s/" + p + "-b"),
                new Case("currency not ISO 4217", p -> given().contentType(ContentType.JSON)
                        .body(Map.of("slotMinutes", 60, "horizonHours", 24, "freezeSlots", 2, "carbonPricePerTonne", 200,
                                "currency", "RMB", "timeZone", "Asia/Shanghai"))
                        .put("/api/v1/settings"), 422, "validation-failed", "currency", "ISO 4217", p -> null),
                new Case("rename through update", p -> {
                    post("/api/v1/tenants", tenant(p));
                    return given().contentType(ContentType.JSON).body(tenant(p + "-x")).put("/api/v1/tenants/" + p);
                }, 422, "validation-failed", "name", "names cannot change", p -> "/api/v1/tenants/" + p + "-x"),
                new Case("unknown object", p -> given().get("/api/v1/nodes/" + p), 404, "not-found", null, null, p -> null),
                new Case("unknown node state in a filter", p -> given().get("/api/v1/nodes?state=SLEEPING"),
                        400, "malformed-request", "state", "not one of [UP, DRAINING, DOWN]", p -> null),
                new Case("unknown tier in a filter", p -> given().get("/api/v1/sites?tier=QUANTUM"),
                        400, "malformed-request", "tier", "not one of [GENERAL", p -> null),
                new Case("unknown job state in a filter", p -> given().get("/api/v1/jobs?state=DONE"),
                        400, "malformed-request", "state", "not one of [QUEUED", p -> null),
                new Case("unknown route", p -> given().get("/api/v1/nowhere/" + p), 404, "not-found", null, null, p -> null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestIsRefusedAndNothingStored(Case c) {
        String p = uniquePrefix();
        assertProblem(c.send().apply(p), c.status(), c.type(), c.field(), c.text());
        String path = c.mustNotExist().apply(p);
        if (path != null) {
            given().when().get(path).then().statusCode(404);
        }
    }
}
