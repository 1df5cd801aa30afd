package io.suanli.settlement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.suanli.settlement.service.BudgetService;
import io.suanli.settlement.service.RefundService;
import io.suanli.settlement.service.UsageSettler;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A run the provider caused to fail gets its captured charges back (default policy: full), from
 * the site's revenue and the platform's fee, exactly once; a run the tenant caused to fail does not.
 */
@QuarkusTest
class RefundTest {

    /** One full hour of one task of the test plan: 16 x 0.12 + 64 x 0.015 + 2 x 22.123456 = 47.126912 -> 47.13. */
    private static final long HOUR_OF_TASK = 4_713;
    /** Held at commit: the plan's quote 282.761472 rounded up. */
    private static final long HELD = 28_277;
    private static final long TOP_UP = 100_000;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    BudgetService budgets;

    @Inject
    UsageSettler settler;

    @Inject
    RefundService refunds;

    @Test
    void aProviderCausedFailureRefundsTheCapturedChargesOnceAndLateUsageLater() throws Throwable {
        Jobs.Estate e = Jobs.estate();
        String job = heldJob(e);
        failedAttempt(job, e, "PROVIDER");
        report(e.prefix() + "-r1", job, 0, 0);
        report(e.prefix() + "-r2", job, 1, 0);

        // Captured: 2 x 47.13 = 94.26 (fee 1.88, site 92.38); refunded in full: the site and the platform give it back.
        settleUntil(() -> refunded(job) == 2 * HOUR_OF_TASK);
        assertThat(refunded(job)).isEqualTo(2 * HOUR_OF_TASK);
        assertThat(balance("revenue:" + e.gpuSite())).as("the site keeps nothing of the failed run").isZero();
        assertThat(balance("hold:" + e.tenant())).isEqualTo(HELD - 2 * HOUR_OF_TASK);
        assertThat(balance("budget:" + e.tenant())).isEqualTo(TOP_UP - HELD + 2 * HOUR_OF_TASK);
        assertThat(feesOf(job)).as("capture fee 188 minus refunded fee 188").isZero();
        // One refund entry, or two when the records were settled in two passes (the feed may lag between them).
        long entries = refundEntries(job);
        assertThat(entries).isBetween(1L, 2L);

        // Repeated passes, also concurrent ones, refund nothing more.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RefundService.Refunded>> passes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                passes.add(pool.submit(() -> {
                    try {
                        return VertxContextSupport.subscribeAndAwait(refunds::refundProviderFailures);
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                }));
            }
            for (Future<RefundService.Refunded> pass : passes) {
                pass.get();
            }
        } finally {
            pool.shutdown();
        }
        VertxContextSupport.subscribeAndAwait(settler::settleAll);
        assertThat(refunded(job)).isEqualTo(2 * HOUR_OF_TASK);
        assertThat(refundEntries(job)).isEqualTo(entries);

        // Usage of the failed run that arrives late is captured, then refunded by a later pass.
        report(e.prefix() + "-r3", job, 0, 1);
        settleUntil(() -> refunded(job) == 3 * HOUR_OF_TASK);
        assertThat(refunded(job)).isEqualTo(3 * HOUR_OF_TASK);
        assertThat(refundEntries(job)).isEqualTo(entries + 1);
        assertThat(balance("revenue:" + e.gpuSite())).isZero();
        assertThat(feesOf(job)).as("fees 188 + 94 captured, 282 refunded (the fee of 141.39)").isZero();

        // The job ends: the rest of the hold comes back, and the tenant has paid nothing for the failed run.
        Plans.sql(jdbcUrl, "update job set state = 'FAILED' where id = ?::uuid", job);
        VertxContextSupport.subscribeAndAwait(settler::releaseEnded);
        assertThat(balance("hold:" + e.tenant())).isZero();
        assertThat(balance("budget:" + e.tenant())).isEqualTo(TOP_UP);
    }

    @Test
    void aFailureTheTenantCausedIsNotRefunded() throws Throwable {
        Jobs.Estate e = Jobs.estate();
        String job = heldJob(e);
        failedAttempt(job, e, "TENANT");
        report(e.prefix() + "-t1", job, 0, 0);
        settleUntil(() -> balance("revenue:" + e.gpuSite()) == 4_619);
        VertxContextSupport.subscribeAndAwait(settler::settleAll);
        assertThat(balance("revenue:" + e.gpuSite())).as("47.13 less the fee 0.94").isEqualTo(4_619);
        assertThat(refundEntries(job)).isZero();
        assertThat(balance("budget:" + e.tenant())).isEqualTo(TOP_UP - HELD);
    }

    @Test
    void aProviderCausedFailureOfACancelledJobIsNotRefunded() throws Throwable {
        // The cause is written before the job is marked FAILED; if a cancel won that race, the attempt is CANCELLED.
        Jobs.Estate e = Jobs.estate();
        String job = heldJob(e);
        failedAttempt(job, e, "PROVIDER");
        Plans.sql(jdbcUrl, "update job_dispatch set outcome = 'CANCELLED' where job_id = ?::uuid", job);
        report(e.prefix() + "-c1", job, 0, 0);
        settleUntil(() -> balance("revenue:" + e.gpuSite()) == 4_619);
        VertxContextSupport.subscribeAndAwait(settler::settleAll);
        assertThat(refundEntries(job)).isZero();
    }

    /** A committed job with its budget held, as the scheduler leaves it. */
    private String heldJob(Jobs.Estate e) throws Throwable {
        LedgerTest.topUp(e.tenant(), "1000").then().statusCode(200);
        String job = Plans.committedJob(jdbcUrl, e);
        assertThat(VertxContextSupport.subscribeAndAwait(() -> budgets.hold(job, e.tenant(), new BigDecimal("282.761472"))).heldMinor())
                .isEqualTo(HELD);
        return job;
    }

    /** Dispatch's record of attempt 0 failing, with the cause it found (as {@code Dispatcher} writes it). */
    private void failedAttempt(String job, Jobs.Estate e, String cause) {
        Plans.sql(jdbcUrl, "insert into job_dispatch (job_id, attempt, tenant, site, executor, wall_time_s, launched_at, running_at,"
                + " ended_at, outcome, cleaned_at, failure_cause) values (?::uuid, 0, ?, ?, 'SIMULATED', 10800, ?::timestamptz,"
                + " ?::timestamptz, ?::timestamptz, 'FAILED', ?::timestamptz, ?)", job, e.tenant(), e.gpuSite(),
                Plans.STARTS_AT.toString(), Plans.STARTS_AT.toString(), Plans.STARTS_AT.plusSeconds(7200).toString(),
                Plans.STARTS_AT.plusSeconds(7200).toString(), cause);
    }

    private static void report(String id, String job, int task, int hour) {
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(Plans.report(id, job, task, hour))))
                .post("/api/v1/usage:batch").then().statusCode(200);
    }

    /** Settles until {@code done}: the settler reads the usage feed, which lags while other transactions are open. */
    private void settleUntil(java.util.function.BooleanSupplier done) throws Throwable {
        long deadline = System.nanoTime() + 90_000_000_000L;
        do {
            VertxContextSupport.subscribeAndAwait(settler::settleAll);
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
    }

    private long refunded(String job) {
        return Plans.count(jdbcUrl, "select coalesce(sum(p.amount_minor), 0) from ledger_posting p join ledger_entry e on e.id = p.entry_id"
                + " where e.kind = 'REFUND' and e.job_id = ?::uuid and p.account like 'budget:%'", job);
    }

    private long refundEntries(String job) {
        return Plans.count(jdbcUrl, "select count(*) from ledger_entry where kind = 'REFUND' and job_id = ?::uuid", job);
    }

    /** The job's net postings on the platform's fee account (captures minus refunds). */
    private long feesOf(String job) {
        return Plans.count(jdbcUrl, "select coalesce(sum(p.amount_minor), 0) from ledger_posting p join ledger_entry e on e.id = p.entry_id"
                + " where e.job_id = ?::uuid and p.account = 'fees'", job);
    }

    private long balance(String account) {
        return Plans.count(jdbcUrl, "select coalesce(sum(amount_minor), 0) from ledger_posting where account = ?", account);
    }
}
