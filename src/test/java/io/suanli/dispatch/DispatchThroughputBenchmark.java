package io.suanli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.suanli.common.time.ExchangeClock;
import io.suanli.dispatch.service.Dispatcher;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.service.JobService;
import io.suanli.support.Jobs;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Dispatch throughput on simulated sites: how fast passes launch placed jobs and move them to
 * RUNNING and SUCCEEDED. Not part of the test suite (no *Test name); run with
 * {@code ./mvnw test -Dtest=DispatchThroughputBenchmark -Dsuanli.bench.jobs=2000}.
 */
@QuarkusTest
class DispatchThroughputBenchmark {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

    @Inject
    ExchangeClock clock;
    @Inject
    Dispatcher dispatcher;
    @Inject
    JobService jobs;
    @Inject
    Pool pool;

    @Test
    void dispatchThroughput() throws Throwable {
        int n = Integer.getInteger("suanli.bench.jobs", 2000);
        clock.setSpeed(1e-9);
        clock.set(T0);
        try {
            Jobs.Estate e = Jobs.estate();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(PlacedJobs.submit(e, body -> {}));
            }
            UUID[] uuids = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
            pool.preparedQuery("insert into job_plan (job_id, attempt, site, starts_at, ends_at, hourly_price, quoted_cost,"
                            + " carbon_kg, planned_at, committed_at) select id, 0, $2, $3, $4, 100, 300, 1, $3, $3 from unnest($1::uuid[]) id")
                    .execute(Tuple.of(uuids, e.gpuSite(), T0.atOffset(ZoneOffset.UTC), T0.plusSeconds(3 * 3600).atOffset(ZoneOffset.UTC)))
                    .chain(() -> pool.preparedQuery("insert into job_plan_task (job_id, task, node, price_cpu_core, price_memory_gib,"
                                    + " price_gpu) select id, t, $2 || '-gpu-' || (t + 1), 0, 0, 0 from unnest($1::uuid[]) id, generate_series(0, 1) t")
                            .execute(Tuple.of(uuids, e.prefix())))
                    .await().atMost(Duration.ofMinutes(2));
            for (String id : ids) {
                VertxContextSupport.subscribeAndAwait(() -> jobs.transition(id, JobState.PLANNED, "bench"));
                VertxContextSupport.subscribeAndAwait(() -> jobs.transition(id, JobState.PLACED, "bench"));
            }

            long t0 = System.nanoTime();
            int passes = 0;
            while (count(ids, "PLACED") > 0) {
                dispatcher.runOnce();
                passes++;
            }
            double launchSeconds = (System.nanoTime() - t0) / 1e9;

            clock.advance(Duration.ofSeconds(10));
            long t1 = System.nanoTime();
            dispatcher.runOnce();
            double runningSeconds = (System.nanoTime() - t1) / 1e9;
            assertThat(count(ids, "RUNNING")).isEqualTo(n);

            clock.advance(Duration.ofHours(3));
            long t2 = System.nanoTime();
            dispatcher.runOnce();
            double doneSeconds = (System.nanoTime() - t2) / 1e9;
            assertThat(count(ids, "SUCCEEDED")).isEqualTo(n);

            System.out.printf("BENCH dispatch: %d two-task jobs; launch %.2f s (%d passes, %.0f jobs/s); "
                            + "-> RUNNING %.2f s (%.0f jobs/s); -> SUCCEEDED %.2f s (%.0f jobs/s)%n",
                    n, launchSeconds, passes, n / launchSeconds, runningSeconds, n / runningSeconds, doneSeconds, n / doneSeconds);
        } finally {
            clock.setSpeed(1.0);
        }
    }

    private long count(List<String> ids, String state) {
        return pool.preparedQuery("select count(*) from job where id = any($1) and state = $2")
                .execute(Tuple.of(ids.stream().map(UUID::fromString).toArray(UUID[]::new), state))
                .await().atMost(Duration.ofMinutes(1)).iterator().next().getLong(0);
    }
}
