package io.suanli.settlement;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.suanli.settlement.domain.HoldResult;
import io.suanli.settlement.service.BudgetService;
import io.suanli.settlement.service.UsageSettler;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The ledger: top-ups, holds that never overspend, captures from usage, releases, budgets at submission. */
@QuarkusTest
class LedgerTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    BudgetService budgets;

    @Inject
    UsageSettler settler;

    @Inject
    org.hibernate.reactive.mutiny.Mutiny.SessionFactory sessions;

    @Test
    void concurrentHoldsNeverOverspendABudget() throws Exception {
        Jobs.Estate e = Jobs.estate();
        topUp(e.tenant(), "1000.00").then().statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HoldResult>> holds = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                String job = UUID.randomUUID().toString();
                Callable<HoldResult> hold = () -> {
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> budgets.hold(job, e.tenant(), new BigDecimal("100")));
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                };
                holds.add(pool.submit(hold));
            }
            int taken = 0;
            for (Future<HoldResult> f : holds) {
                HoldResult result = f.get();
                if (result.taken()) {
                    taken++;
                } else {
                    assertThat(result.reason()).startsWith("insufficient budget");
                }
            }
            assertThat(taken).isEqualTo(10);
        } finally {
            pool.shutdown();
        }
        Response budget = given().get("/api/v1/settlement/budgets/" + e.tenant());
        assertThat(budget.jsonPath().getLong("availableMinor")).isZero();
        assertThat(budget.jsonPath().getLong("heldMinor")).isEqualTo(100_000);
    }

    @Test
    void batchHoldsTakeTheBudgetInOrderNeverOverspendAndNeverHoldAJobTwice() throws Exception {
        Jobs.Estate e = Jobs.estate();
        topUp(e.tenant(), "1000.00").then().statusCode(200);
        List<List<BudgetService.HoldRequest>> batches = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            List<BudgetService.HoldRequest> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) batch.add(new BudgetService.HoldRequest(UUID.randomUUID().toString(), e.tenant(), new BigDecimal("100")));
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<java.util.Map<String, HoldResult>>> answers = new ArrayList<>();
        try {
            for (List<BudgetService.HoldRequest> batch : batches) {
                answers.add(pool.submit(() -> holdAll(batch)));
            }
            int taken = 0;
            for (int b = 0; b < 2; b++) {
                java.util.Map<String, HoldResult> results = answers.get(b).get();
                List<Boolean> inOrder = batches.get(b).stream().map(r -> results.get(r.jobId()).taken()).toList();
                // the batch that came second finds what the first left: its first jobs get it, the rest wait
                assertThat(inOrder).isSortedAccordingTo(java.util.Comparator.reverseOrder());
                taken += (int) inOrder.stream().filter(t -> t).count();
                results.values().stream().filter(r -> !r.taken()).forEach(r -> assertThat(r.reason()).startsWith("insufficient budget"));
            }
            assertThat(taken).isEqualTo(10);
        } finally {
            pool.shutdown();
        }
        // a job that already holds keeps its hold: asked again, nothing new is written
        BudgetService.HoldRequest first = batches.get(0).get(0);
        BudgetService.HoldRequest again = batches.get(1).get(0);
        java.util.Map<String, HoldResult> repeat = holdAll(List.of(first, again));
        assertThat(repeat.values()).allSatisfy(r -> {
            assertThat(r.taken()).isTrue();
            assertThat(r.heldMinor()).isEqualTo(10_000);
        });
        Response budget = given().get("/api/v1/settlement/budgets/" + e.tenant());
        assertThat(budget.jsonPath().getLong("availableMinor")).isZero();
        assertThat(budget.jsonPath().getLong("heldMinor")).isEqualTo(100_000);
    }

    private java.util.Map<String, HoldResult> holdAll(List<BudgetService.HoldRequest> batch) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(session -> budgets.holdAll(session, batch)));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Test
    void usageIsCapturedFromTheHoldAndTheRestReleasedWhenTheJobEnds() throws Throwable {
        Jobs.Estate e = Jobs.estate();
        topUp(e.tenant(), "1000").then().statusCode(200);
        String job = Plans.committedJob(jdbcUrl, e);
        // The plan's quote 282.761472 is held rounded up: 282.77.
        HoldResult hold = VertxContextSupport.subscribeAndAwait(() -> budgets.hold(job, e.tenant(), new BigDecimal("282.761472")));
        assertThat(hold.taken()).isTrue();
        assertThat(hold.heldMinor()).isEqualTo(28_277);
        assertThat(VertxContextSupport.subscribeAndAwait(() -> budgets.hold(job, e.tenant(), new BigDecimal("282.761472"))).heldMinor())
                .as("a repeated commit keeps the one hold").isEqualTo(28_277);

        given().contentType(ContentType.JSON).body(Map.of("records", List.of(Plans.report(e.prefix() + "-c1", job, 0, 0),
                Plans.report(e.prefix() + "-c2", job, 1, 0)))).post("/api/v1/usage:batch").then().statusCode(200);
        settleUntil("revenue:" + e.gpuSite(), 9_238);

        // 2 x 47.13 = 94.26 captured from the hold; 2% fee rounded down (1.88) to the platform, 92.38 to the site.
        assertThat(balance("hold:" + e.tenant())).isEqualTo(28_277 - 9_426);
        assertThat(balance("budget:" + e.tenant())).isEqualTo(100_000 - 28_277);
        assertThat(balance("revenue:" + e.gpuSite())).isEqualTo(9_238);

        Plans.sql(jdbcUrl, "update job set state = 'SUCCEEDED' where id = ?::uuid", job);
        VertxContextSupport.subscribeAndAwait(settler::releaseEnded);
        assertThat(balance("hold:" + e.tenant())).isZero();
        assertThat(balance("budget:" + e.tenant())).isEqualTo(100_000 - 9_426);

        // Late usage after the release is charged to the budget directly.
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(Plans.report(e.prefix() + "-c3", job, 0, 1))))
                .post("/api/v1/usage:batch").then().statusCode(200);
        settleUntil("budget:" + e.tenant(), 100_000 - 9_426 - 4_713);
        assertThat(balance("budget:" + e.tenant())).isEqualTo(100_000 - 9_426 - 4_713);
        assertThat(balance("hold:" + e.tenant())).isZero();
    }

    @Test
    void concurrentSettlersCaptureEachRecordExactlyOnce() throws Throwable {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int hour = 0; hour < Plans.HOURS; hour++) {
            for (int task = 0; task < 2; task++) {
                records.add(Plans.report(e.prefix() + "-x" + hour + "-" + task, job, task, hour));
            }
        }
        given().contentType(ContentType.JSON).body(Map.of("records", records)).post("/api/v1/usage:batch").then().statusCode(200);
        long usage = 6 * 4_713;
        long deadline = System.nanoTime() + 90_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            do {
                List<Future<UsageSettler.Settled>> passes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    passes.add(pool.submit(() -> {
                        try {
                            return VertxContextSupport.subscribeAndAwait(settler::settleAll);
                        } catch (Throwable t) {
                            throw new IllegalStateException(t);
                        }
                    }));
                }
                for (Future<UsageSettler.Settled> pass : passes) {
                    pass.get();
                }
            } while (-balance("budget:" + e.tenant()) < usage && System.nanoTime() < deadline && sleep());
        } finally {
            pool.shutdown();
        }
        // No budget and no hold: every capture comes from the budget account, one entry per usage hour.
        assertThat(balance("budget:" + e.tenant())).isEqualTo(-usage);
        assertThat(Plans.count(jdbcUrl, "select count(*) from ledger_entry where kind = 'CAPTURE' and job_id = ?::uuid", job))
                .isEqualTo(Plans.HOURS);
    }

    @Test
    void aJobWhoseCheapestPlacementExceedsTheAvailableBudgetIsRefusedAtSubmission() {
        Jobs.Estate e = Jobs.estate();
        // No budget account yet: not limited.
        given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201);
        topUp(e.tenant(), "10").then().statusCode(200);
        // 2 tasks x 47.126912 per hour x 3 hours = 282.761472
        Response refused = given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs");
        assertProblem(refused, 422, "validation-failed", "budget", "costs 282.76 CNY, more than tenant");
        topUp(e.tenant(), "300").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201);
    }

    @Test
    void topUpsAreIdempotentPerKeyAndBadAmountsAreRefused() {
        Jobs.Estate e = Jobs.estate();
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k1").body(Map.of("amount", 50))
                .post("/api/v1/settlement/budgets/" + e.tenant() + ":top-up").then().statusCode(200);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k1").body(Map.of("amount", 50))
                .post("/api/v1/settlement/budgets/" + e.tenant() + ":top-up").then().statusCode(200);
        assertThat(balance("budget:" + e.tenant())).isEqualTo(5_000);
        assertProblem(topUp(e.tenant(), "-5"), 422, "validation-failed", "amount", "more than zero");
        assertProblem(topUp(e.tenant(), "1.001"), 422, "validation-failed", "amount", "more decimals");
        assertProblem(topUp("no-such-tenant", "1"), 404, "not-found", null, null);
        assertThat(balance("budget:" + e.tenant())).isEqualTo(5_000);
    }

    @Test
    void entriesAndPostingsCannotBeChangedOrDeleted() throws Exception {
        Jobs.Estate e = Jobs.estate();
        topUp(e.tenant(), "1").then().statusCode(200);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            assertThatThrownBy(() -> c.createStatement().execute("update ledger_posting set amount_minor = amount_minor * 2"))
                    .hasMessageContaining("immutable");
            assertThatThrownBy(() -> c.createStatement().execute("delete from ledger_entry"))
                    .hasMessageContaining("immutable");
        }
    }

    /**
     * Settles until {@code account} reaches {@code expected}: the settler reads the usage feed, which
     * lags while other transactions in the shared cluster are open.
     */
    private void settleUntil(String account, long expected) throws Throwable {
        long deadline = System.nanoTime() + 90_000_000_000L;
        do {
            VertxContextSupport.subscribeAndAwait(settler::settleAll);
        } while (balance(account) != expected && System.nanoTime() < deadline && sleep());
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }

    static Response topUp(String tenant, String amount) {
        return given().contentType(ContentType.JSON).body("{\"amount\": " + amount + "}")
                .post("/api/v1/settlement/budgets/" + tenant + ":top-up");
    }

    private long balance(String account) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                var s = c.prepareStatement("select coalesce(sum(amount_minor), 0) from ledger_posting where account = ?")) {
            s.setString(1, account);
            var rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
