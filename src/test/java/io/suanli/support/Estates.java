package io.suanli.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test data for the catalog: request bodies with sensible values and a fresh name prefix per
 * test, so tests share one database without seeing each other's rows.
 */
public final class Estates {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Estates() {}

    /** A prefix no other test in this run uses, e.g. {@code t17}. */
    public static String uniquePrefix() {
        return "t" + COUNTER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    public static Map<String, Object> region(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("displayName", "Region " + name);
        body.put("carbonStartsAt", "2026-11-28T00:00:00Z");
        body.put("carbonIntensity", List.of(500.0, 480.5, 470.25));
        return body;
    }

    public static Map<String, Object> site(String name, String region) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("displayName", "Site " + name);
        body.put("region", region);
        body.put("tier", "INTELLIGENT");
        body.put("pue", 1.25);
        return body;
    }

    public static Map<String, Object> node(String name, String site) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("site", site);
        body.put("cpuCores", 128);
        body.put("memoryGiB", 1024.0);
        body.put("gpus", 8);
        body.put("gpuModel", "H100");
        body.put("pricePerHour", new HashMap<>(Map.of("cpuCore", 0.12, "memoryGiB", 0.015, "gpu", 22.123456)));
        body.put("powerWatts", new HashMap<>(Map.of("cpuCore", 6.0, "gpu", 650.0)));
        return body;
    }

    public static Map<String, Object> tenant(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("displayName", "Department " + name);
        body.put("gpuQuota", 64);
        return body;
    }

    /** Creates a region, a site in it and returns the site name. */
    public static String createSite(String prefix) {
        post("/api/v1/regions", region(prefix + "-r"));
        post("/api/v1/sites", site(prefix + "-s", prefix + "-r"));
        return prefix + "-s";
    }

    public static void post(String path, Object body) {
        given().contentType(ContentType.JSON).body(body).when().post(path).then().statusCode(201);
    }
}
