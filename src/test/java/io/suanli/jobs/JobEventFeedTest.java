package io.suanli.jobs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.suanli.support.Jobs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The job event feed never skips an event whose transaction commits late, and never repeats one. */
@QuarkusTest
class JobEventFeedTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aLateCommitIsDeliveredAfterTheReaderHasSeenLaterTransactions() throws Exception {
        Jobs.Estate e = Jobs.estate();
        String position = endOfFeed(null);

        try (Connection slow = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            slow.setAutoCommit(false);
            UUID lateJob = UUID.randomUUID();
            insertJobWithEvent(slow, lateJob, e.tenant());

            // A writer that starts later and commits first.
            String early = given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs")
                    .then().statusCode(201).extract().jsonPath().getString("id");

            JsonPath whileOpen = read(position);
            assertThat(whileOpen.getList("items.jobId")).as("nothing past a running transaction").doesNotContain(early);
            assertThat(whileOpen.getString("next")).isEqualTo(position);

            slow.commit();

            List<String> delivered = new ArrayList<>();
            String next = position;
            for (int i = 0; i < 10; i++) {
                JsonPath page = read(next);
                delivered.addAll(page.getList("items.jobId"));
                next = page.getString("next");
                if (page.getList("items").isEmpty()) {
                    break;
                }
            }
            assertThat(delivered).containsExactly(lateJob.toString(), early);
            assertThat(read(next).getList("items")).isEmpty();
        }
    }

    @Test
    void readersResumeFromTheirPositionWithoutRepeats() {
        Jobs.Estate e = Jobs.estate();
        String start = endOfFeed(e.tenant());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs")
                    .then().statusCode(201).extract().jsonPath().getString("id"));
        }
        JsonPath first = given().queryParam("after", start).queryParam("limit", 2).queryParam("tenant", e.tenant())
                .get("/api/v1/job-events").then().statusCode(200).extract().jsonPath();
        JsonPath rest = given().queryParam("after", first.getString("next")).queryParam("tenant", e.tenant())
                .get("/api/v1/job-events").then().statusCode(200).extract().jsonPath();
        List<String> all = new ArrayList<>(first.getList("items.jobId"));
        all.addAll(rest.getList("items.jobId"));
        assertThat(all).containsExactlyElementsOf(ids);
    }

    private static JsonPath read(String after) {
        var request = given().queryParam("limit", 1000);
        if (after != null) {
            request.queryParam("after", after);
        }
        return request.get("/api/v1/job-events").then().statusCode(200).extract().jsonPath();
    }

    private static String endOfFeed(String tenant) {
        String position = null;
        while (true) {
            var request = given().queryParam("limit", 1000);
            if (position != null) {
                request.queryParam("after", position);
            }
            if (tenant != null) {
                request.queryParam("tenant", tenant);
            }
            JsonPath page = request.get("/api/v1/job-events").then().statusCode(200).extract().jsonPath();
            position = page.getString("next");
            if (page.getList("items").isEmpty()) {
                return position;
            }
        }
    }

    private static void insertJobWithEvent(Connection c, UUID id, String tenant) throws Exception {
        Timestamp now = Timestamp.from(Instant.parse("2026-11-28T10:00:00Z"));
        try (PreparedStatement job = c.prepareStatement(
                "insert into job (id, tenant, tasks, cpu_cores, memory_gib, gpus, duration_hours, earliest_start, priority,"
                        + " state, last_event_seq, submitted_at, updated_at)"
                        + " values (?, ?, 1, 1, 1, 0, 1, ?, 1, 'QUEUED', 1, ?, ?)")) {
            job.setObject(1, id);
            job.setString(2, tenant);
            job.setTimestamp(3, now);
            job.setTimestamp(4, now);
            job.setTimestamp(5, now);
            job.executeUpdate();
        }
        try (PreparedStatement event = c.prepareStatement(
                "insert into job_event (id, job_id, seq, state, at, reason) values (nextval('job_event_seq'), ?, 1, 'QUEUED', ?, 'late')")) {
            event.setObject(1, id);
            event.setTimestamp(2, now);
            event.executeUpdate();
        }
    }
}
