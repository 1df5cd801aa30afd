package io.suanli.planning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.suanli.support.process.ServiceProcess;
import io.suanli.support.process.TestDatabase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exactly one active scheduler: two instances on one database, one leads; it is killed with
 * SIGKILL and the other takes over within 15 s; every job submitted before and after is planned
 * (or waits with a reason), and no job was committed twice.
 */
class SchedulerFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(15);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theStandbyTakesOverWithinFifteenSecondsAfterTheLeaderIsKilledAndNothingIsCommittedTwice() throws Exception {
        try (TestDatabase database = TestDatabase.create();
                ServiceProcess a = ServiceProcess.start(database, "failover-a");
                ServiceProcess b = ServiceProcess.start(database, "failover-b")) {
            importTinyEstate(a);
            ServiceProcess leader = awaitOneLeader(a, b, Duration.ofSeconds(20));
            ServiceProcess standby = leader == a ? b : a;
            assertThat(leading(standby)).isFalse();

            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) jobs.add(submit(standby, "before-" + i));
            awaitAllPlannedOrWaiting(standby, jobs, Duration.ofSeconds(60));

            long killedAt = System.nanoTime();
            leader.kill();
            while (!leading(standby)) {
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("takeover time").isLessThan(TAKEOVER_LIMIT);
                Thread.sleep(100);
            }
            for (int i = 0; i < 40; i++) jobs.add(submit(standby, "after-" + i));
            awaitAllPlannedOrWaiting(standby, jobs, Duration.ofSeconds(60));
            assertNoJobCommittedTwice(database);
        }
    }

    private void importTinyEstate(ServiceProcess service) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(service.request("/api/v1/scenarios")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("src/test/resources/scenarios/tiny-1.json")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private ServiceProcess awaitOneLeader(ServiceProcess a, ServiceProcess b, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            boolean la = leading(a), lb = leading(b);
            assertThat(la && lb).as("two leaders at once").isFalse();
            if (la) return a;
            if (lb) return b;
            Thread.sleep(100);
        }
        throw new AssertionError("no instance became the leader");
    }

    private boolean leading(ServiceProcess service) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(service.request("/api/v1/scheduler").build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && JSON.readTree(r.body()).get("leading").asBoolean();
    }

    private String submit(ServiceProcess service, String key) throws IOException, InterruptedException {
        String body = "{\"tenant\":\"transport\",\"externalId\":\"" + key + "\",\"cpuCores\":2,\"memoryGiB\":4,"
                + "\"durationHours\":1,\"priority\":5}";
        HttpResponse<String> r = http.send(service.request("/api/v1/jobs")
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Every job has left QUEUED, or waits with a reason other than the one it was submitted with. */
    private void awaitAllPlannedOrWaiting(ServiceProcess service, List<String> ids, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> pending = new ArrayList<>(ids);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                JsonNode job = JSON.readTree(http.send(service.request("/api/v1/jobs/" + id).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if ("QUEUED".equals(job.get("state").asText()) && "submitted".equals(job.path("reason").asText("submitted"))) still.add(id);
            }
            pending = still;
            if (!pending.isEmpty()) Thread.sleep(250);
        }
        assertThat(pending).as("jobs never planned nor given a reason").isEmpty();
    }

    private static void assertNoJobCommittedTwice(TestDatabase database) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet twice = s.executeQuery("select job_id from job_event where state = 'PLACED' group by job_id, seq"
                        + " having count(*) > 1 union all select j.id from job j join job_event e on e.job_id = j.id"
                        + " where e.state = 'PLACED' and not exists (select 1 from job_event q where q.job_id = j.id"
                        + " and q.state = 'QUEUED' and q.seq > 1) group by j.id having count(*) > 1")) {
            assertThat(twice.next()).as("a job committed twice without being sent back in between").isFalse();
        }
    }
}
