package io.suanli.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.suanli.common.time.ExchangeClock;
import io.suanli.support.Jobs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline in one service, driven by the injected clock: the live scheduler plans and
 * commits, the dispatcher runs the job on a simulated site, metering turns the run into usage.
 */
@QuarkusTest
@TestProfile(PipelineEndToEndTest.Pipeline.class)
class PipelineEndToEndTest {

    /** The scheduler and the dispatcher on (this instance leads); one site that always overruns. */
    public static class Pipeline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suanli.scheduler.enabled", "true", "suanli.scheduler.leader-poll", "200ms",
                    "suanli.scheduler.cycle", "100ms", "suanli.scheduler.improve-for", "500ms",
                    "suanli.scheduler.improve-until-stuck-for", "300ms",
                    "suanli.dispatch.interval", "100ms",
                    "suanli.dispatch.sites.\"" + SLOW + "-ai\".straggler-rate", "1.0");
        }
    }

    private static final String SLOW = "e2e-straggler";
    /** 10:30 in a one-hour slot: a job that may start now gets slot 0, inside the freeze window. */
    private static final Instant NOW = Instant.parse("2026-11-28T10:30:00Z");
    private static final Duration WAIT = Duration.ofSeconds(40);

    @Inject
    ExchangeClock clock;

    @BeforeEach
    void atHalfPastTen() {
        clock.set(NOW);
    }

    @Test
    void aJobIsPlannedPlacedDispatchedRunsSucceedsAndIsMetered() {
        Jobs.Estate e = Jobs.estate();
        String id = submit(e);

        JsonPath placement = await("/api/v1/jobs/" + id + "/placement",
                p -> List.of("PLACED", "DISPATCHED", "RUNNING").contains(p.getString("state")));
        assertThat(placement.getBoolean("plan.committed")).isTrue();
        assertThat(placement.getList("plan.nodes", String.class)).hasSize(2).allMatch(n -> n.startsWith(e.prefix() + "-gpu-"));

        await("/api/v1/jobs/" + id, j -> List.of("DISPATCHED", "RUNNING").contains(j.getString("state")));
        clock.advance(Duration.ofMinutes(1)); // simulated tasks start shortly after dispatch
        await("/api/v1/jobs/" + id, j -> "RUNNING".equals(j.getString("state")));
        clock.advance(Duration.ofHours(3)); // a normal run ends within its wall time (3 h)
        await("/api/v1/jobs/" + id, j -> "SUCCEEDED".equals(j.getString("state")));

        List<String> states = given().get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("state", String.class);
        assertThat(states).containsSubsequence("QUEUED", "PLANNED", "PLACED", "DISPATCHED", "RUNNING", "SUCCEEDED");

        // metering: both tasks' runs become usage at the locked prices, for this tenant
        JsonPath usage = await("/api/v1/usage?limit=1000&tenant=" + e.tenant(),
                u -> u.getList("items.findAll { it.jobId == '" + id + "' }.task", Integer.class).containsAll(List.of(0, 1)));
        List<Map<String, Object>> records = usage.getList("items.findAll { it.jobId == '" + id + "' }");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("source")).isEqualTo("EXECUTION");
            assertThat(((Number) r.get("gpuHours")).doubleValue()).isPositive();
            assertThat(((Number) r.get("billedCost")).doubleValue()).isPositive();
        });

        // the dashboard's job view sums the same records
        JsonPath view = given().get("/api/v1/dashboard/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(view.getInt("usage.records")).isEqualTo(records.size());
        double billed = records.stream().mapToDouble(r -> ((Number) r.get("billedCost")).doubleValue()).sum();
        assertThat(view.getDouble("usage.billedCost")).isCloseTo(billed, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void aRunPastItsWallTimeFailsWithReasonWalltime() {
        Jobs.Estate e = Jobs.estate(SLOW);
        String id = submit(e);

        await("/api/v1/jobs/" + id, j -> List.of("DISPATCHED", "RUNNING").contains(j.getString("state")));
        clock.advance(Duration.ofMinutes(1));
        await("/api/v1/jobs/" + id, j -> "RUNNING".equals(j.getString("state")));
        clock.advance(Duration.ofHours(3).plusMinutes(1));

        JsonPath failed = await("/api/v1/jobs/" + id, j -> "FAILED".equals(j.getString("state")));
        assertThat(failed.getString("reason")).contains("WALLTIME");
    }

    private static String submit(Jobs.Estate e) {
        return given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201)
                .extract().jsonPath().getString("id");
    }

    private static JsonPath await(String path, Predicate<JsonPath> until) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get(path).then().statusCode(200).extract().jsonPath();
            if (until.test(last)) return last;
            try {
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        throw new AssertionError(path + " never reached the expected state; last: " + (last == null ? null : last.prettify()));
    }
}
