package io.suanli.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.suanli.dispatch.service.Dispatcher;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.service.JobService;
import io.suanli.support.Estates;
import io.suanli.support.Jobs;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Test data for dispatch: sites configured in the test profile, and jobs brought to PLACED the way
 * the live scheduler will do it (a committed plan written with SQL, then QUEUED → PLANNED → PLACED
 * through JobService).
 */
@Singleton
public class PlacedJobs {

    /** A Kubernetes site (the mock server's cluster), a simulated site whose jobs all fail, one whose jobs all overrun. */
    public static final String KUBE_SITE = "dispatch-kube";
    public static final String FLAKY_SITE = "dispatch-flaky";
    public static final String SLOW_SITE = "dispatch-slow";

    private final Pool pool;
    private final JobService jobs;
    private final Dispatcher dispatcher;

    public PlacedJobs(Pool pool, JobService jobs, Dispatcher dispatcher) {
        this.pool = pool;
        this.jobs = jobs;
        this.dispatcher = dispatcher;
    }

    /** Creates {@code site} with nodes {@code <site>-n1} and {@code -n2} unless an earlier test did. */
    public static List<String> ensureSite(String site) {
        createIfAbsent("/api/v1/regions", Estates.region("dispatch-r"));
        createIfAbsent("/api/v1/sites", Estates.site(site, "dispatch-r"));
        createIfAbsent("/api/v1/nodes", Estates.node(site + "-n1", site));
        createIfAbsent("/api/v1/nodes", Estates.node(site + "-n2", site));
        return List.of(site + "-n1", site + "-n2");
    }

    private static void createIfAbsent(String path, Object body) {
        Response r = given().contentType(ContentType.JSON).body(body).post(path);
        assertThat(r.statusCode()).as(r.asString()).isIn(201, 409);
    }

    /** Submits a job of the estate's tenant (the body adjusted by {@code change}) and returns its id. */
    public static String submit(Jobs.Estate e, Consumer<Map<String, Object>> change) {
        Map<String, Object> body = Jobs.job(e);
        change.accept(body);
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getString("id");
    }

    /** Writes a committed plan for the job's current attempt (one node per task) and moves it to PLACED. */
    public void place(String jobId, String site, List<String> nodes, Instant start) {
        Job job = job(jobId);
        if (job.state() == JobState.QUEUED) {
            transition(jobId, JobState.PLANNED, "test plan");
        }
        UUID id = UUID.fromString(jobId);
        Instant end = start.plus(Duration.ofHours(job.spec().durationHours()));
        pool.withTransaction(tx -> tx.preparedQuery("delete from job_plan where job_id = $1").execute(Tuple.of(id))
                        .chain(() -> tx.preparedQuery("insert into job_plan (job_id, attempt, site, starts_at, ends_at, hourly_price,"
                                        + " quoted_cost, carbon_kg, planned_at, committed_at) values ($1, $2, $3, $4, $5, 100, 300, 12.5, $4, $4)")
                                .execute(Tuple.of(id, job.attempt(), site, start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC))))
                        .chain(() -> {
                            io.smallrye.mutiny.Uni<?> all = io.smallrye.mutiny.Uni.createFrom().voidItem();
                            for (int task = 0; task < nodes.size(); task++) {
                                int t = task;
                                all = all.chain(() -> tx.preparedQuery("insert into job_plan_task (job_id, task, node, price_cpu_core,"
                                                + " price_memory_gib, price_gpu) values ($1, $2, $3, 0.12, 0.015, 22.123456)")
                                        .execute(Tuple.of(id, t, nodes.get(t))));
                            }
                            return all;
                        }))
                .await().atMost(Duration.ofSeconds(30));
        transition(jobId, JobState.PLACED, "test commit");
    }

    public Job job(String jobId) {
        return await(() -> jobs.get(jobId));
    }

    public Job transition(String jobId, JobState next, String reason) {
        return await(() -> jobs.transition(jobId, next, reason));
    }

    /**
     * Launches what earlier tests left due by the clock's time: the database is shared by the whole
     * test run (the dashboard's demo city commits a few hundred jobs) and a pass launches at most a
     * batch, earliest start first, so without this a test's job could wait for a later pass.
     */
    public void launchLeftovers() {
        while (dispatcher.runOnce().launched() > 0) {
            // the next batch
        }
    }

    /** Runs dispatch passes until the job is in {@code state} (watch events arrive asynchronously), at most 10 s. */
    public Job passUntil(String jobId, JobState state) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Job job;
        do {
            dispatcher.runOnce();
            job = job(jobId);
            if (job.state() == state) {
                return job;
            }
            sleep(50);
        } while (System.nanoTime() < until);
        assertThat(job.state()).as("job %s (%s)", jobId, job.reason()).isEqualTo(state);
        return job;
    }

    /** Who dispatch says caused the attempt's failure ({@code PROVIDER} or {@code TENANT}); null if it did not fail. */
    public String failureCause(String jobId, int attempt) {
        return pool.preparedQuery("select failure_cause from job_dispatch where job_id = $1 and attempt = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.util.UUID.fromString(jobId), attempt)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
    }

    /** The job's lifecycle as "STATE: reason" lines. */
    public List<String> history(String jobId) {
        return given().get("/api/v1/jobs/" + jobId + "/events").jsonPath().getList("$", Map.class).stream()
                .map(m -> m.get("state") + ": " + m.get("reason")).toList();
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call::get);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
