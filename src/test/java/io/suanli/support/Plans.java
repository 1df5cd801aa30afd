package io.suanli.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Committed plans for tests of metering and settlement: submits a job of a {@link Jobs} estate and
 * writes its plan (as the live scheduler would at commit) with plain SQL.
 */
public final class Plans {

    /** The run window of every test plan: 2026-11-28 00:00..03:00 UTC (08:00..11:00 in Shanghai). */
    public static final Instant STARTS_AT = Instant.parse("2026-11-28T00:00:00Z");
    public static final int HOURS = 3;

    private Plans() {}

    /** A committed job of the estate: two H100 tasks on the estate's two GPU nodes, at the nodes' prices. */
    public static String committedJob(String jdbcUrl, Jobs.Estate e) {
        return committedJobAt(jdbcUrl, e, STARTS_AT);
    }

    /** As {@link #committedJob}, with the run window starting at {@code startsAt}. */
    public static String committedJobAt(String jdbcUrl, Jobs.Estate e, Instant startsAt) {
        Map<String, Object> body = new HashMap<>(Jobs.job(e));
        body.remove("maxPricePerHour");
        String jobId = given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs")
                .then().statusCode(201).extract().jsonPath().getString("id");
        commitAt(jdbcUrl, jobId, startsAt, e.gpuSite(), e.prefix() + "-gpu-1", e.prefix() + "-gpu-2");
        return jobId;
    }

    /** Writes a committed plan of the job with one task per node, at Estates.node prices. */
    public static void commit(String jdbcUrl, String jobId, String site, String... nodes) {
        commitAt(jdbcUrl, jobId, STARTS_AT, site, nodes);
    }

    /** As {@link #commit}, with the run window starting at {@code startsAt}. */
    public static void commitAt(String jdbcUrl, String jobId, Instant startsAt, String site, String... nodes) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            Timestamp start = Timestamp.from(startsAt);
            try (PreparedStatement plan = c.prepareStatement("insert into job_plan (job_id, attempt, site, starts_at, ends_at,"
                    + " hourly_price, quoted_cost, carbon_kg, planned_at, committed_at) values (?::uuid, 0, ?, ?, ?, 94.253824, 282.761472, 1, ?, ?)")) {
                plan.setString(1, jobId);
                plan.setString(2, site);
                plan.setTimestamp(3, start);
                plan.setTimestamp(4, Timestamp.from(startsAt.plus(Duration.ofHours(HOURS))));
                plan.setTimestamp(5, start);
                plan.setTimestamp(6, start);
                plan.executeUpdate();
            }
            for (int task = 0; task < nodes.length; task++) {
                try (PreparedStatement t = c.prepareStatement("insert into job_plan_task (job_id, task, node, price_cpu_core,"
                        + " price_memory_gib, price_gpu) values (?::uuid, ?, ?, 0.12, 0.015, 22.123456)")) {
                    t.setString(1, jobId);
                    t.setInt(2, task);
                    t.setString(3, nodes[task]);
                    t.executeUpdate();
                }
            }
            try (PreparedStatement placed = c.prepareStatement("update job set state = 'PLACED' where id = ?::uuid")) {
                placed.setString(1, jobId);
                placed.executeUpdate();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A usage report body for one task and hour of the plan, using the whole task (16 cores, 64 GiB, 2 GPUs). */
    public static Map<String, Object> report(String id, String jobId, int task, int hour) {
        return reportAt(id, jobId, task, STARTS_AT, hour);
    }

    /** As {@link #report}, for a plan starting at {@code startsAt}. */
    public static Map<String, Object> reportAt(String id, String jobId, int task, Instant startsAt, int hour) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", id);
        r.put("jobId", jobId);
        r.put("task", task);
        r.put("startsAt", startsAt.plus(Duration.ofHours(hour)).toString());
        r.put("endsAt", startsAt.plus(Duration.ofHours(hour + 1)).toString());
        r.put("cpuCoreHours", 16);
        r.put("memoryGiBHours", 64);
        r.put("gpuHours", 2);
        r.put("currency", "CNY");
        return r;
    }

    /** Runs one SQL statement with plain JDBC (tests set job states and read the ledger with it). */
    public static void sql(String jdbcUrl, String statement, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.execute();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A count read with plain JDBC. */
    public static long count(String jdbcUrl, String query, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            var rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
