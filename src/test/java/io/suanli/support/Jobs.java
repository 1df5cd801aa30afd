package io.suanli.support;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Estates.post;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test data for jobs: a small estate of its own per test (two sites 3 ms apart in one region,
 * H100 and CPU nodes, a tenant with a GPU quota) and job bodies that fit it.
 */
public final class Jobs {

    private Jobs() {}

    /** The names of one test's estate. */
    public record Estate(String prefix, String tenant, String region, String gpuSite, String edgeSite) {}

    public static Estate estate() {
        return estate(Estates.uniquePrefix());
    }

    /** An estate under a fixed prefix, for configuration that names its sites (unique to one test). */
    public static Estate estate(String p) {
        Estate e = new Estate(p, p + "-dept", p + "-r", p + "-ai", p + "-edge");
        post("/api/v1/regions", Estates.region(e.region()));
        post("/api/v1/sites", Estates.site(e.gpuSite(), e.region()));
        Map<String, Object> edge = Estates.site(e.edgeSite(), e.region());
        edge.put("tier", "EDGE");
        post("/api/v1/sites", edge);
        given().contentType(ContentType.JSON).body(Map.of("ms", 3.0))
                .put("/api/v1/latencies/" + e.gpuSite() + "/" + e.edgeSite()).then().statusCode(201);
        post("/api/v1/nodes", Estates.node(p + "-gpu-1", e.gpuSite()));
        post("/api/v1/nodes", Estates.node(p + "-gpu-2", e.gpuSite()));
        Map<String, Object> cpu = Estates.node(p + "-cpu-1", e.edgeSite());
        cpu.put("gpus", 0);
        cpu.put("gpuModel", null);
        post("/api/v1/nodes", cpu);
        post("/api/v1/tenants", Estates.tenant(e.tenant()));
        return e;
    }

    /** A two-task H100 job of the estate's tenant that the estate can run. */
    public static Map<String, Object> job(Estate e) {
        Map<String, Object> body = new HashMap<>();
        body.put("tenant", e.tenant());
        body.put("tasks", 2);
        body.put("cpuCores", 16);
        body.put("memoryGiB", 64.0);
        body.put("gpus", 2);
        body.put("gpuModel", "H100");
        body.put("durationHours", 3);
        body.put("priority", 10);
        body.put("dataSite", e.edgeSite());
        body.put("maxLatencyMs", 5.0);
        body.put("allowedRegions", List.of(e.region()));
        body.put("maxPricePerHour", 500);
        body.put("image", "registry.city/transport/video-analytics:1.4");
        body.put("command", List.of("python", "-m", "analytics"));
        body.put("env", Map.of("MODEL", "yolo"));
        body.put("labels", Map.of("team", "video"));
        return body;
    }
}
