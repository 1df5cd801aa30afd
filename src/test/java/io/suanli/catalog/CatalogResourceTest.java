package io.suanli.catalog;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Estates.node;
import static io.suanli.support.Estates.post;
import static io.suanli.support.Estates.region;
import static io.suanli.support.Estates.site;
import static io.suanli.support.Estates.tenant;
import static io.suanli.support.Estates.uniquePrefix;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogResourceTest {

    @Test
    void regionIsCreatedReadListedUpdatedAndDeleted() {
        String name = uniquePrefix() + "-r";
        given().contentType(ContentType.JSON).body(region(name))
                .when().post("/api/v1/regions")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/regions/" + name))
                .body("name", equalTo(name))
                .body("carbonIntensity", equalTo(List.of(500.0f, 480.5f, 470.25f)));

        given().when().get("/api/v1/regions/" + name)
                .then().statusCode(200)
                .body("carbonStartsAt", equalTo("2026-11-28T00:00:00Z"));

        given().when().get("/api/v1/regions?limit=1000")
                .then().statusCode(200).body("items.name", hasItems(name));

        Map<String, Object> changed = region(name);
        changed.put("displayName", "长三角 Yangtze");
        changed.put("carbonIntensity", List.of(300.0));
        given().contentType(ContentType.JSON).body(changed)
                .when().put("/api/v1/regions/" + name)
                .then().statusCode(200)
                .body("displayName", equalTo("长三角 Yangtze"))
                .body("carbonIntensity", equalTo(List.of(300.0f)));

        given().when().delete("/api/v1/regions/" + name).then().statusCode(204);
        given().when().get("/api/v1/regions/" + name).then().statusCode(404);
    }

    @Test
    void siteIsCreatedFilteredByRegionAndDeletedOnlyWhenEmpty() {
        String p = uniquePrefix();
        post("/api/v1/regions", region(p + "-r"));
        post("/api/v1/sites", site(p + "-s", p + "-r"));
        post("/api/v1/nodes", node(p + "-n", p + "-s"));

        given().when().get("/api/v1/sites/" + p + "-s")
                .then().statusCode(200)
                .body("region", equalTo(p + "-r"))
                .body("displayName", equalTo("Site " + p + "-s"));
        given().when().get("/api/v1/sites?region=" + p + "-r")
                .then().statusCode(200)
                .body("items.name", equalTo(List.of(p + "-s")))
                .body("items[0].tier", equalTo("INTELLIGENT"))
                .body("items[0].pue", equalTo(1.25f));
        given().when().get("/api/v1/sites?region=" + p + "-r&tier=EDGE")
                .then().statusCode(200).body("items", equalTo(List.of()));

        Map<String, Object> edge = site(p + "-s", p + "-r");
        edge.put("tier", "EDGE");
        given().contentType(ContentType.JSON).body(edge).when().put("/api/v1/sites/" + p + "-s")
                .then().statusCode(200).body("tier", equalTo("EDGE"));

        assertProblem(given().when().delete("/api/v1/sites/" + p + "-s"), 409, "conflict", null, null);
        assertProblem(given().when().delete("/api/v1/regions/" + p + "-r"), 409, "conflict", null, null);
        given().when().delete("/api/v1/nodes/" + p + "-n").then().statusCode(204);
        given().when().delete("/api/v1/sites/" + p + "-s").then().statusCode(204);
        given().when().delete("/api/v1/regions/" + p + "-r").then().statusCode(204);
    }

    @Test
    void nodeKeepsSixDecimalPricesExactly() {
        String p = uniquePrefix();
        String site = io.suanli.support.Estates.createSite(p);
        Map<String, Object> body = node(p + "-n", site);
        body.put("pricePerHour", Map.of("cpuCore", new java.math.BigDecimal("0.000001"),
                "memoryGiB", new java.math.BigDecimal("0.123456"), "gpu", new java.math.BigDecimal("123456.654321")));
        post("/api/v1/nodes", body);
        String json = given().when().get("/api/v1/nodes/" + p + "-n").then().statusCode(200).extract().asString();
        assertThat(json).contains("\"cpuCore\":0.000001").contains("\"memoryGiB\":0.123456").contains("\"gpu\":123456.654321");
    }

    @Test
    void nodeIsDrainedAndUndrainedAndUpdateKeepsItsState() {
        String p = uniquePrefix();
        String site = io.suanli.support.Estates.createSite(p);
        post("/api/v1/nodes", node(p + "-n", site));
        given().when().get("/api/v1/nodes/" + p + "-n").then().statusCode(200).body("state", equalTo("UP"));

        given().when().post("/api/v1/nodes/" + p + "-n:drain").then().statusCode(200).body("state", equalTo("DRAINING"));
        given().when().get("/api/v1/nodes?site=" + site + "&state=DRAINING")
                .then().statusCode(200).body("items.name", equalTo(List.of(p + "-n")));

        Map<String, Object> update = node(p + "-n", site);
        update.put("cpuCores", 64);
        given().contentType(ContentType.JSON).body(update).when().put("/api/v1/nodes/" + p + "-n")
                .then().statusCode(200).body("cpuCores", equalTo(64)).body("state", equalTo("DRAINING"));

        given().when().post("/api/v1/nodes/" + p + "-n:undrain").then().statusCode(200).body("state", equalTo("UP"));
        given().when().get("/api/v1/nodes?site=" + site + "&state=DRAINING")
                .then().statusCode(200).body("items", equalTo(List.of()));
        assertProblem(given().when().post("/api/v1/nodes/" + p + "-missing:drain"), 404, "not-found", null, null);

        // A DOWN node comes back only when it reports UP, not through a drain and an undrain.
        Map<String, Object> down = node(p + "-n", site);
        down.put("state", "DOWN");
        given().contentType(ContentType.JSON).body(down).when().put("/api/v1/nodes/" + p + "-n").then().statusCode(200);
        assertProblem(given().when().post("/api/v1/nodes/" + p + "-n:drain"), 409, "conflict", null, null);
        assertProblem(given().when().post("/api/v1/nodes/" + p + "-n:undrain"), 409, "conflict", null, null);
    }

    @Test
    void nodesAreFilteredByGpuModel() {
        String p = uniquePrefix();
        String site = io.suanli.support.Estates.createSite(p);
        post("/api/v1/nodes", node(p + "-gpu", site));
        Map<String, Object> cpu = node(p + "-cpu", site);
        cpu.put("gpus", 0);
        cpu.put("gpuModel", null);
        post("/api/v1/nodes", cpu);
        given().when().get("/api/v1/nodes?site=" + site + "&gpuModel=H100")
                .then().statusCode(200).body("items.name", equalTo(List.of(p + "-gpu")));
        given().when().get("/api/v1/nodes?site=" + site)
                .then().statusCode(200).body("items.name", equalTo(List.of(p + "-cpu", p + "-gpu")));
    }

    @Test
    void tenantIsCreatedUpdatedAndDeleted() {
        String name = uniquePrefix();
        post("/api/v1/tenants", tenant(name));
        Map<String, Object> update = tenant(name);
        update.put("gpuQuota", null);
        update.put("cpuQuota", 512);
        given().contentType(ContentType.JSON).body(update).when().put("/api/v1/tenants/" + name)
                .then().statusCode(200).body("cpuQuota", equalTo(512)).body("gpuQuota", equalTo(null));
        given().when().get("/api/v1/tenants/" + name).then().statusCode(200).body("cpuQuota", equalTo(512));
        given().when().delete("/api/v1/tenants/" + name).then().statusCode(204);
        given().when().get("/api/v1/tenants?limit=1000").then().statusCode(200).body("items.name", not(hasItems(name)));
    }

    @Test
    void latencyIsSetInEitherOrderAndReplaced() {
        String p = uniquePrefix();
        String a = io.suanli.support.Estates.createSite(p + "a");
        post("/api/v1/sites", site(p + "-b", p + "a-r"));
        String b = p + "-b";

        given().contentType(ContentType.JSON).body(Map.of("ms", 4.5))
                .when().put("/api/v1/latencies/" + b + "/" + a)
                .then().statusCode(201).body("ms", equalTo(4.5f));
        given().when().get("/api/v1/latencies/" + a + "/" + b).then().statusCode(200).body("ms", equalTo(4.5f));
        given().contentType(ContentType.JSON).body(Map.of("ms", 6.0))
                .when().put("/api/v1/latencies/" + a + "/" + b)
                .then().statusCode(200);
        given().when().get("/api/v1/latencies?site=" + b)
                .then().statusCode(200).body("items.ms", equalTo(List.of(6.0f)));
        given().when().delete("/api/v1/latencies/" + b + "/" + a).then().statusCode(204);
        given().when().get("/api/v1/latencies/" + a + "/" + b).then().statusCode(404);
    }

    @Test
    void settingsAreReadAndUpdated() {
        Map<String, Object> settings = given().when().get("/api/v1/settings").then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertThat(settings).containsKeys("slotMinutes", "horizonHours", "freezeSlots", "carbonPricePerTonne", "currency", "timeZone");

        Map<String, Object> changed = new java.util.HashMap<>(settings);
        changed.put("freezeSlots", 3);
        given().contentType(ContentType.JSON).body(changed).when().put("/api/v1/settings")
                .then().statusCode(200).body("freezeSlots", equalTo(3));
        given().contentType(ContentType.JSON).body(settings).when().put("/api/v1/settings").then().statusCode(200);
    }

    @Test
    void operationsEndpointsAnswer() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/nodes/{name}"));
    }
}
