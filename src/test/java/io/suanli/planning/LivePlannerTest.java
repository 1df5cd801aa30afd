package io.suanli.planning;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.suanli.common.time.ExchangeClock;
import io.suanli.planning.persistence.PlanCommitter;
import io.suanli.support.Jobs;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live scheduler on the real test database, driven by the settable exchange clock: a job is
 * planned (visible with nodes, start and explanation), committed when its start enters the
 * freeze window, re-planned when its node is drained, loses its plan when cancelled, and a
 * commit whose capacity has gone is refused.
 */
@QuarkusTest
@TestProfile(LivePlannerTest.Scheduling.class)
class LivePlannerTest {

    /** The scheduler on, with short cycles so that tests wait little. */
    public static class Scheduling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suanli.scheduler.enabled", "true", "suanli.scheduler.leader-poll", "200ms",
                    "suanli.scheduler.cycle", "100ms", "suanli.scheduler.improve-for", "500ms",
                    "suanli.scheduler.improve-until-stuck-for", "300ms",
                    // these tests look at PLACED jobs; the whole pipeline is PipelineEndToEndTest's
                    "suanli.dispatch.enabled", "false");
        }
    }

    /** 10:30 in a one-hour slot: slot 0 is 10:00-11:00, the freeze window (2 slots) ends at 12:00. */
    private static final Instant NOW = Instant.parse("2026-11-28T10:30:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ExchangeClock clock;

    @Inject
    PlanCommitter committer;

    @Inject
    Pool pool;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @BeforeEach
    void atHalfPastTen() {
        clock.set(NOW);
    }

    @Test
    void aSubmittedJobIsPlannedWithItsExplanationThenPlacedWhenItsStartEntersTheFreezeWindow() {
        Jobs.Estate e = Jobs.estate();
        String id = submit(e, "2026-11-28T13:00:00Z");

        JsonPath planned = awaitPlacement(id, p -> "PLANNED".equals(p.getString("state")));
        assertThat(planned.getString("plan.startsAt")).isEqualTo("2026-11-28T13:00:00Z");
        assertThat(planned.getString("plan.endsAt")).isEqualTo("2026-11-28T16:00:00Z");
        assertThat(planned.getList("plan.nodes", String.class)).hasSize(2).allMatch(n -> n.startsWith(e.prefix() + "-gpu-"));
        assertThat(planned.getBoolean("plan.committed")).isFalse();
        assertThat(planned.getDouble("plan.quotedCost")).isPositive();
        assertThat(planned.getBoolean("explanation.placed")).isTrue();
        assertThat(planned.getString("explanation.where.site")).isEqualTo(e.gpuSite());
        assertThat(planned.getInt("explanation.where.startHour")).isEqualTo(3);
        // no other site may take it (region, GPU model): each alternative names the rule
        assertThat(planned.getList("explanation.alternatives.ruledOutBy", String.class)).isNotEmpty().doesNotContainNull();

        clock.set(NOW.plus(Duration.ofHours(2)));
        JsonPath placed = awaitPlacement(id, p -> "PLACED".equals(p.getString("state")));
        assertThat(placed.getBoolean("plan.committed")).isTrue();
        assertThat(placed.getString("plan.startsAt")).isEqualTo("2026-11-28T13:00:00Z");
        assertThat(placed.getDouble("plan.quotedCost")).isEqualTo(planned.getDouble("plan.quotedCost"));
    }

    @Test
    void aJobThatCanStartNowIsPlacedAtOnceAndADrainOfItsNodeRePlansIt() {
        Jobs.Estate e = Jobs.estate();
        String id = submit(e, null);
        JsonPath placed = awaitPlacement(id, p -> "PLACED".equals(p.getString("state")));
        assertThat(placed.getString("plan.startsAt")).isEqualTo("2026-11-28T10:00:00Z");
        String drained = placed.getList("plan.nodes", String.class).get(0);

        given().post("/api/v1/nodes/" + drained + ":drain").then().statusCode(200);

        JsonPath again = awaitPlacement(id, p -> "PLACED".equals(p.getString("state"))
                && p.getList("plan.nodes", String.class) != null && !p.getList("plan.nodes", String.class).contains(drained));
        assertThat(again.getList("plan.nodes", String.class)).allMatch(n -> n.startsWith(e.prefix() + "-gpu-"));
        List<String> reasons = given().get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("reason", String.class);
        assertThat(reasons).contains("node " + drained + " is DRAINING");
    }

    @Test
    void theLiveProblemAndPlanExportAsAScenarioAndAResultThatPassTheHardRules() throws Exception {
        Jobs.Estate e = Jobs.estate();
        String waiting = submit(e, "2026-11-28T13:00:00Z");
        String running = submit(e, null);
        awaitPlacement(waiting, p -> "PLANNED".equals(p.getString("state")));
        awaitPlacement(running, p -> "PLACED".equals(p.getString("state")));
        // the export is taken from the newest best plan, which may lag the stored one by a cycle
        var mapper = io.suanli.scheduling.ScenarioSnapshots.mapper();
        io.suanli.scenario.ScenarioDocument scenario = null;
        io.suanli.scenario.ResultDocument plan = null;
        for (long end = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < end; Thread.sleep(100)) {
            var export = mapper.readTree(given().get("/api/v1/scheduler/snapshot").then().statusCode(200).extract().asString());
            scenario = mapper.treeToValue(export.get("scenario"), io.suanli.scenario.ScenarioDocument.class);
            plan = mapper.treeToValue(export.get("plan"), io.suanli.scenario.ResultDocument.class);
            boolean runningPinned = scenario.jobs().stream().anyMatch(j -> j.id().equals(running) && j.pinned() != null);
            boolean waitingPlanned = plan.assignments().stream().anyMatch(a -> a.job().equals(waiting));
            if (runningPinned && waitingPlanned) break;
        }
        assertThat(scenario.startsAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        var job = scenario.jobs().stream().filter(j -> j.id().equals(waiting)).findFirst().orElseThrow();
        assertThat(job.earliestStartHour()).isEqualTo(3);
        assertThat(job.pinned()).isNull();
        var pinned = scenario.jobs().stream().filter(j -> j.id().equals(running)).findFirst().orElseThrow();
        assertThat(pinned.pinned()).as("the committed job is pinned in the exported problem").isNotNull();
        assertThat(pinned.pinned().startHour()).isZero();
        assertThat(pinned.pinned().nodes()).hasSize(2);
        assertThat(plan.assignments()).anySatisfy(a -> {
            assertThat(a.job()).isEqualTo(waiting);
            assertThat(a.startHour()).isEqualTo(3);
        });

        // The exported pair reads back as the engine reads any scenario file, and the plan keeps every hard rule.
        var snapshot = io.suanli.scheduling.ScenarioSnapshots.fromScenario(scenario);
        assertThat(io.suanli.scheduling.HardRuleChecker.check(snapshot, plan)).isEmpty();
        assertThat(snapshot.jobs()).hasSize(plan.assignments().size() + plan.unassigned().size());
    }

    @Test
    void theAllocationShowsCapacityAndPlannedUsePerSlotBySite() {
        Jobs.Estate e = Jobs.estate();
        String id = submit(e, "2026-11-28T13:00:00Z");
        awaitPlacement(id, p -> "PLANNED".equals(p.getString("state")));

        JsonPath allocation = given().get("/api/v1/allocation?nodes=" + e.gpuSite()).then().statusCode(200).extract().jsonPath();

        assertThat(allocation.getString("slotZero")).isEqualTo("2026-11-28T10:00:00Z");
        Map<String, Object> site = allocation.getMap("sites.find { it.name == '" + e.gpuSite() + "' }");
        assertThat(site.get("parent")).isEqualTo(e.region());
        assertThat(allocation.getInt("sites.find { it.name == '" + e.gpuSite() + "' }.capacity.gpus")).isEqualTo(16);
        assertThat(allocation.getList("sites.find { it.name == '" + e.gpuSite() + "' }.plannedGpus", Integer.class))
                .startsWith(0, 0, 0, 4, 4, 4, 0);
        assertThat(allocation.getInt("sites.find { it.name == '" + e.gpuSite() + "' }.usedNow.gpus")).isZero();
        assertThat(allocation.getList("nodes.name", String.class)).containsExactlyInAnyOrder(e.prefix() + "-gpu-1", e.prefix() + "-gpu-2");
    }

    @Test
    void aNewJobIsPlannedWhileALongTransactionHoldsTheJobFeedBack() throws Exception {
        Jobs.Estate e = Jobs.estate();
        try (Connection open = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            // A transaction with an id, left running: the feed reads only below the oldest one.
            open.setAutoCommit(false);
            open.createStatement().execute("select pg_current_xact_id()");

            String id = submit(e, "2026-11-28T15:00:00Z");

            awaitPlacement(id, p -> "PLANNED".equals(p.getString("state")));
            open.rollback();
        }
    }

    @Test
    void aCancelledPlannedJobLosesItsPlan() {
        Jobs.Estate e = Jobs.estate();
        String id = submit(e, "2026-11-28T15:00:00Z");
        awaitPlacement(id, p -> "PLANNED".equals(p.getString("state")));

        given().post("/api/v1/jobs/" + id + ":cancel").then().statusCode(200);

        JsonPath cancelled = awaitPlacement(id, p -> p.get("plan") == null);
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
    }

    @Test
    void aJobOutsideTheHorizonWaitsWithTheReason() {
        Jobs.Estate e = Jobs.estate();
        String id = submit(e, "2026-12-10T00:00:00Z");
        JsonPath waiting = awaitPlacement(id, p -> "outside planning horizon".equals(p.getString("reason")));
        assertThat(waiting.getString("state")).isEqualTo("QUEUED");
        assertThat(waiting.getString("waitingBecause")).isEqualTo("outside planning horizon");
    }

    @Test
    void aCommitIsRefusedWhenTheCapacityOfItsPlanIsGone() throws Throwable {
        Jobs.Estate e = Jobs.estate();
        String id = submit(e, "2026-11-28T20:00:00Z");
        JsonPath planned = awaitPlacement(id, p -> "PLANNED".equals(p.getString("state")));
        List<String> nodes = planned.getList("plan.nodes", String.class);
        // Another job takes every GPU of the nodes for those hours, committed behind the planner's back.
        String other = submit(e, "2026-12-20T00:00:00Z");
        awaitPlacement(other, p -> "outside planning horizon".equals(p.getString("reason")));
        UUID otherId = UUID.fromString(other);
        pool.preparedQuery("update job set state = 'PLACED', gpus = 8, tasks = 2 where id = $1").execute(Tuple.of(otherId))
                .await().indefinitely();
        pool.preparedQuery("insert into job_plan (job_id, attempt, site, starts_at, ends_at, hourly_price, quoted_cost, carbon_kg,"
                        + " planned_at, committed_at) values ($1, 0, $2, '2026-11-28T19:00:00Z', '2026-11-28T23:00:00Z', 1, 1, 0, now(), now())")
                .execute(Tuple.of(otherId, e.gpuSite())).await().indefinitely();
        pool.preparedQuery("insert into job_plan_task (job_id, task, node, price_cpu_core, price_memory_gib, price_gpu)"
                        + " values ($1, 0, $2, 0, 0, 0), ($1, 1, $3, 0, 0, 0)")
                .execute(Tuple.of(otherId, e.prefix() + "-gpu-1", e.prefix() + "-gpu-2")).await().indefinitely();

        PlanCommitter.Outcome outcome = VertxContextSupport.subscribeAndAwait(
                () -> committer.commit(List.of(UUID.fromString(id)), clock.instant()));

        assertThat(outcome.placed()).isEmpty();
        assertThat(outcome.refused().get(UUID.fromString(id))).startsWith("plan no longer holds: capacity on node " + e.prefix() + "-gpu-")
                .endsWith(" is taken");
        assertThat(nodes).isNotEmpty();
        JsonPath job = given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("state")).isIn("QUEUED", "PLANNED");
        List<String> states = given().get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("state", String.class);
        assertThat(states).containsSubsequence("PLANNED", "QUEUED").doesNotContain("PLACED");
    }

    private static String submit(Jobs.Estate e, String earliestStart) {
        Map<String, Object> body = Jobs.job(e);
        if (earliestStart != null) body.put("earliestStart", earliestStart);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201)
                .extract().jsonPath().getString("id");
    }

    private static JsonPath awaitPlacement(String id, Predicate<JsonPath> until) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/api/v1/jobs/" + id + "/placement").then().statusCode(200).extract().jsonPath();
            if (until.test(last)) return last;
            try {
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        throw new AssertionError("job " + id + " never reached the expected placement; last: " + (last == null ? null : last.prettify()));
    }
}
