package io.suanli.scenario;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Estates.uniquePrefix;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.suanli.common.time.ExchangeClock;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class ScenarioImportTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:17:00Z");

    @Inject
    ExchangeClock clock;

    @Inject
    ObjectMapper json;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-1", "small-1", "medium-1", "large-1", "trace-small-1", "trace-medium-1"})
    void everySharedScenarioImports(String name) throws IOException {
        ScenarioDocument scenario = read(name);
        Response response = given().contentType(ContentType.JSON).body(bytes(name)).when().post("/api/v1/scenarios");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        ImportReport report = response.as(ImportReport.class);
        assertThat(report.scenario()).isEqualTo(name);
        assertThat(report.nodes().created() + report.nodes().updated()).isEqualTo(scenario.nodes().size());
        assertThat(report.sites().created() + report.sites().updated()).isEqualTo(scenario.sites().size());
        assertThat(report.regions().created() + report.regions().updated()).isEqualTo(scenario.regions().size());
        assertThat(report.latency().created() + report.latency().updated()).isEqualTo(scenario.latency().size());
        assertThat(report.tenants().created() + report.tenants().updated()).isEqualTo(scenario.tenants().size());
        assertThat(report.jobs().submitted() + report.jobs().skipped() + report.jobs().refused()).isEqualTo(scenario.jobs().size());
        assertThat(report.jobs().submitted() + report.jobs().skipped()).isGreaterThan(scenario.jobs().size() / 2);
        given().when().get("/api/v1/nodes/" + scenario.nodes().get(scenario.nodes().size() - 1).id()).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-1", "small-1"})
    void exportGivesBackTheImportedEstate(String name) throws IOException {
        clock.set(NOW);
        ScenarioDocument original = read(name);
        given().contentType(ContentType.JSON).body(bytes(name)).when().post("/api/v1/scenarios").then().statusCode(200);

        ScenarioDocument exported = given().when().get("/api/v1/scenarios/current")
                .then().statusCode(200).extract().as(ScenarioDocument.class);

        assertThat(exported.format()).isEqualTo(ScenarioDocument.FORMAT);
        assertThat(exported.startsAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(exported.horizonHours()).isEqualTo(original.horizonHours());
        assertThat(exported.carbonPricePerTonne()).isEqualByComparingTo(original.carbonPricePerTonne());
        Map<String, ScenarioDocument.Region> regions = byId(exported.regions(), ScenarioDocument.Region::id);
        for (ScenarioDocument.Region r : original.regions()) {
            assertThat(regions.get(r.id())).isEqualTo(r);
        }
        Map<String, ScenarioDocument.Site> sites = byId(exported.sites(), ScenarioDocument.Site::id);
        for (ScenarioDocument.Site s : original.sites()) {
            assertThat(sites.get(s.id())).isEqualTo(s);
        }
        Map<String, ScenarioDocument.Node> nodes = byId(exported.nodes(), ScenarioDocument.Node::id);
        for (ScenarioDocument.Node n : original.nodes()) {
            ScenarioDocument.Node back = nodes.get(n.id());
            assertThat(back).usingRecursiveComparison().withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
                    .isEqualTo(n);
        }
        Map<String, ScenarioDocument.Tenant> tenants = byId(exported.tenants(), ScenarioDocument.Tenant::id);
        for (ScenarioDocument.Tenant t : original.tenants()) {
            assertThat(tenants.get(t.id())).isEqualTo(t);
        }
        Map<String, Double> latency = exported.latency().stream()
                .collect(Collectors.toMap(l -> pair(l.from(), l.to()), ScenarioDocument.Latency::ms));
        for (ScenarioDocument.Latency l : original.latency()) {
            assertThat(latency.get(pair(l.from(), l.to()))).as(l.toString()).isCloseTo(l.ms(), within(0.0));
        }
    }

    @Test
    void reimportUpdatesByNameAndKeepsNodeState() throws IOException {
        given().contentType(ContentType.JSON).body(bytes("tiny-1")).when().post("/api/v1/scenarios").then().statusCode(200);
        String node = read("tiny-1").nodes().get(0).id();
        given().when().post("/api/v1/nodes/" + node + ":drain").then().statusCode(200);
        ImportReport again = given().contentType(ContentType.JSON).body(bytes("tiny-1")).when().post("/api/v1/scenarios")
                .then().statusCode(200).extract().as(ImportReport.class);
        assertThat(again.nodes().created()).isZero();
        assertThat(again.nodes().updated()).isEqualTo(10);
        given().when().get("/api/v1/nodes/" + node).then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("DRAINING"));
        given().when().post("/api/v1/nodes/" + node + ":undrain").then().statusCode(200);
    }

    @Test
    void scenarioJobsAreSubmittedWithInstantsFromHourZeroAndSkippedOnReimport() {
        clock.set(NOW);
        String p = uniquePrefix();
        Map<String, Object> scenario = miniScenario(p, 4);
        scenario.put("startsAt", "2026-12-01T08:00:00Z");
        Map<String, Object> job = new HashMap<>(Map.of("id", "j-1", "tenant", p + "-dept", "tasks", 2, "cpuCores", 8,
                "memoryGiB", 32.0, "gpus", 0, "durationHours", 2, "earliestStartHour", 1, "priority", 5));
        job.put("deadlineHour", 5);
        Map<String, Object> impossible = new HashMap<>(job);
        impossible.put("id", "j-2");
        impossible.put("cpuCores", 512);
        scenario.put("jobs", List.of(job, impossible));

        ImportReport first = given().contentType(ContentType.JSON).body(scenario).post("/api/v1/scenarios")
                .then().statusCode(200).extract().as(ImportReport.class);
        assertThat(first.jobs().submitted()).isEqualTo(1);
        assertThat(first.jobs().refused()).isEqualTo(1);
        assertThat(first.jobs().refusals()).singleElement().asString().startsWith("j-2: ").contains("512 cores");

        Map<String, Object> stored = given().queryParam("tenant", p + "-dept").get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getMap("items[0]");
        assertThat(stored).containsEntry("externalId", "j-1").containsEntry("state", "QUEUED");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) stored.get("spec");
        assertThat(spec).containsEntry("earliestStart", "2026-12-01T09:00:00Z").containsEntry("deadline", "2026-12-01T13:00:00Z");

        ImportReport again = given().contentType(ContentType.JSON).body(scenario).post("/api/v1/scenarios")
                .then().statusCode(200).extract().as(ImportReport.class);
        assertThat(again.jobs().submitted()).isZero();
        assertThat(again.jobs().skipped()).isEqualTo(1);
        assertThat(again.jobs().skippedExternalIds()).containsExactly("j-1");
        assertThat(given().queryParam("tenant", p + "-dept").get("/api/v1/jobs").then().extract().jsonPath().getList("items")).hasSize(1);
    }

    @Test
    void scenarioWithAMalformedJobStoresNothing() {
        String p = uniquePrefix();
        Map<String, Object> scenario = miniScenario(p, 3);
        scenario.put("jobs", List.of(Map.of("id", "j-1", "tenant", p + "-dept", "tasks", 0, "cpuCores", 8,
                "memoryGiB", 32.0, "durationHours", 2, "priority", 5)));
        assertProblem(given().contentType(ContentType.JSON).body(scenario).post("/api/v1/scenarios"),
                422, "validation-failed", "jobs[0].tasks", "outside");
        assertNothingStored(p);
    }

    @Test
    void scenarioWithOneBadNodeAtTheEndStoresNothing() {
        String p = uniquePrefix();
        Map<String, Object> scenario = miniScenario(p, 300);
        nodes(scenario).get(299).put("site", p + "-sh-ai-9");
        Response response = given().contentType(ContentType.JSON).body(scenario).when().post("/api/v1/scenarios");
        assertProblem(response, 422, "validation-failed", "nodes[299].site", "unknown site '" + p + "-sh-ai-9'");
        assertNothingStored(p);
    }

    /** Bad scenarios: what to break, the status, the field named and a part of the message. */
    record BadScenario(String label, java.util.function.BiConsumer<String, Map<String, Object>> breakIt,
                       int status, String field, String text) {}

    @Test
    void badScenariosAreRefusedWithTheElementNamedAndNothingStored() {
        List<BadScenario> cases = List.of(
                new BadScenario("unknown format", (p, s) -> s.put("format", "suanli-scenario/9"), 422, "format", "must be"),
                new BadScenario("carbon series of the wrong length", (p, s) -> regions(s).get(0).put("carbonIntensity", List.of(1.0, 2.0, 3.0)),
                        422, "regions[0].carbonIntensity", "needs 1 or horizonHours (6)"),
                new BadScenario("duplicate node ids", (p, s) -> nodes(s).get(2).put("id", p + "-n0"), 422, "nodes[2].id", "duplicate id"),
                new BadScenario("latency to an unknown site", (p, s) -> latency(s).get(0).put("to", p + "-ghost"),
                        422, "latency[0].to", "unknown site"),
                new BadScenario("site in an unknown region", (p, s) -> sites(s).get(1).put("region", "atlantis"),
                        422, "sites[1].region", "unknown region 'atlantis'"),
                new BadScenario("tenant not a DNS-1123 label", (p, s) -> tenants(s).get(0).put("id", "Health Dept"),
                        422, "tenants[0].id", "DNS-1123"),
                new BadScenario("a count given as text", (p, s) -> nodes(s).get(3).put("cpuCores", "lots"),
                        400, "nodes[3].cpuCores", "expected a number"),
                new BadScenario("horizon beyond a week", (p, s) -> s.put("horizonHours", 500), 422, "horizonHours", "outside"),
                new BadScenario("price with 7 decimals", (p, s) -> ((Map<String, Object>) nodes(s).get(1).get("pricePerHour"))
                        .put("gpu", new java.math.BigDecimal("1.0000001")), 422, "nodes[1].pricePerHour.gpu", "more than 6 decimals"),
                new BadScenario("no nodes list", (p, s) -> s.remove("nodes"), 422, "nodes", "is required"),
                new BadScenario("duplicate job ids", (p, s) -> s.put("jobs", List.of(
                        Map.of("id", "j-1", "tenant", p + "-dept", "cpuCores", 1, "memoryGiB", 1.0, "durationHours", 1, "priority", 1),
                        Map.of("id", "j-1", "tenant", p + "-dept", "cpuCores", 2, "memoryGiB", 1.0, "durationHours", 1, "priority", 1))),
                        422, "jobs[1].id", "duplicate id 'j-1'"));
        for (BadScenario c : cases) {
            String p = uniquePrefix();
            Map<String, Object> scenario = miniScenario(p, 5);
            c.breakIt().accept(p, scenario);
            Response response = given().contentType(ContentType.JSON).body(scenario).when().post("/api/v1/scenarios");
            assertProblem(response, c.status(), c.status() == 400 ? "malformed-request" : "validation-failed", c.field(), c.text());
            assertNothingStored(p);
        }
    }

    @Test
    void scenarioThatIsNotJsonIsRefused() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"format\": \"suanli-scenario/1\", \"nodes\": [")
                .when().post("/api/v1/scenarios"), 400, "malformed-request", "nodes", "malformed JSON: Unexpected end-of-input");
    }

    private static void assertNothingStored(String p) {
        given().when().get("/api/v1/regions/" + p + "-r").then().statusCode(404);
        given().when().get("/api/v1/sites/" + p + "-s0").then().statusCode(404);
        given().when().get("/api/v1/nodes/" + p + "-n0").then().statusCode(404);
        given().when().get("/api/v1/tenants/" + p + "-dept").then().statusCode(404);
    }

    /** A valid scenario of one region, two sites and {@code nodeCount} nodes, all named from {@code p}. */
    static Map<String, Object> miniScenario(String p, int nodeCount) {
        Map<String, Object> s = new HashMap<>();
        s.put("format", "suanli-scenario/1");
        s.put("name", p);
        s.put("horizonHours", 6);
        s.put("carbonPricePerTonne", 200.0);
        s.put("regions", new ArrayList<>(List.of(new HashMap<>(Map.of(
                "id", p + "-r", "name", "Region " + p, "carbonIntensity", List.of(500.0, 490.0, 480.0, 470.0, 460.0, 450.0))))));
        s.put("sites", new ArrayList<>(List.of(
                new HashMap<>(Map.of("id", p + "-s0", "name", "Site 0", "region", p + "-r", "tier", "EDGE", "pue", 1.5)),
                new HashMap<>(Map.of("id", p + "-s1", "name", "Site 1", "region", p + "-r", "tier", "GENERAL", "pue", 1.2)))));
        s.put("latency", new ArrayList<>(List.of(new HashMap<>(Map.of("from", p + "-s0", "to", p + "-s1", "ms", 3.5)))));
        s.put("tenants", new ArrayList<>(List.of(new HashMap<>(Map.of("id", p + "-dept", "gpuQuota", 8)))));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            Map<String, Object> n = new HashMap<>();
            n.put("id", p + "-n" + i);
            n.put("site", p + "-s" + (i % 2));
            n.put("cpuCores", 64);
            n.put("memoryGiB", 256.0);
            n.put("gpus", 0);
            n.put("pricePerHour", new HashMap<>(Map.of("cpuCore", 0.05, "memoryGiB", 0.005, "gpu", 0)));
            n.put("powerWatts", new HashMap<>(Map.of("cpuCore", 7.0, "gpu", 0.0)));
            nodes.add(n);
        }
        s.put("nodes", nodes);
        s.put("jobs", List.of());
        return s;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nodes(Map<String, Object> s) {
        return (List<Map<String, Object>>) s.get("nodes");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> regions(Map<String, Object> s) {
        return (List<Map<String, Object>>) s.get("regions");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sites(Map<String, Object> s) {
        return (List<Map<String, Object>>) s.get("sites");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> latency(Map<String, Object> s) {
        return (List<Map<String, Object>>) s.get("latency");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tenants(Map<String, Object> s) {
        return (List<Map<String, Object>>) s.get("tenants");
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    private static <T> Map<String, T> byId(List<T> list, Function<T, String> id) {
        return list.stream().collect(Collectors.toMap(id, t -> t));
    }

    private ScenarioDocument read(String name) throws IOException {
        return json.readValue(bytes(name), ScenarioDocument.class);
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = ScenarioImportTest.class.getResourceAsStream("/scenarios/" + name + ".json")) {
            return in.readAllBytes();
        }
    }
}
