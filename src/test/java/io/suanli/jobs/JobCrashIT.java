package io.suanli.jobs;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A job acknowledged is a job kept: clients submit while the service is killed with SIGKILL;
 * after a restart on the same database every acknowledged job is there with its history, no key
 * made two jobs, and re-sending the unacknowledged keys creates none twice.
 */
class JobCrashIT {

    private static final int CLIENTS = 6;
    private static final int ACKS_BEFORE_KILL = 150;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Keys sent, and the job id of those acknowledged (201 or 200). */
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedJobSurvivesSigkillExactlyOnceAndRetriesCreateNoDuplicates() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            // No scheduler: the test checks that acknowledged jobs are kept exactly as submitted (QUEUED).
            ServiceProcess first = ServiceProcess.start(database, "job-crash", Map.of("SUANLI_SCHEDULER_ENABLED", "false"));
            try {
                importTinyEstate(first);
                submitUntilKilled(first);
            } finally {
                first.close();
            }
            assertThat(first.exitValue()).isEqualTo(137);
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
            assertThat(sent.size()).isGreaterThan(acknowledged.size());

            try (ServiceProcess second = first.restart()) {
                for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
                    assertAcknowledgedJobIsQueuedWithItsFirstEvent(second, ack.getKey(), ack.getValue());
                }
                assertEveryKeyMadeAtMostOneJob(database);

                Map<String, String> retried = new HashMap<>();
                for (String key : sent) {
                    HttpResponse<String> response = submit(second, key);
                    assertThat(response.statusCode()).as(key + ": " + response.body()).isIn(200, 201);
                    retried.put(key, JSON.readTree(response.body()).get("id").asText());
                }
                acknowledged.forEach((key, id) -> assertThat(retried.get(key)).as(key).isEqualTo(id));
                assertEveryKeyMadeAtMostOneJob(database);
                assertThat(jobCount(database)).isEqualTo(sent.size());
            }
        }
    }

    private void importTinyEstate(ServiceProcess service) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(service.request("/api/v1/scenarios")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("src/test/resources/scenarios/tiny-1.json")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Client threads submit until {@link #ACKS_BEFORE_KILL} acknowledgements; then SIGKILL mid-stream. */
    private void submitUntilKilled(ServiceProcess service) throws InterruptedException {
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enoughAcks = new CountDownLatch(ACKS_BEFORE_KILL);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int n = 0; ; n++) {
                    String key = "crash-" + client + "-" + n;
                    sent.add(key);
                    try {
                        HttpResponse<String> response = submit(service, key);
                        if (response.statusCode() == 201 || response.statusCode() == 200) {
                            acknowledged.put(key, JSON.readTree(response.body()).get("id").asText());
                            enoughAcks.countDown();
                        } else {
                            throw new IllegalStateException(key + " refused: " + response.body());
                        }
                    } catch (IOException | InterruptedException e) {
                        if (killed.get()) {
                            return;
                        }
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        assertThat(enoughAcks.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("acknowledgements before the kill").isTrue();
        killed.set(true);
        service.kill();
        for (Thread thread : clients) {
            thread.join(REQUEST_TIMEOUT.toMillis() * 2);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    private HttpResponse<String> submit(ServiceProcess service, String key) throws IOException, InterruptedException {
        String body = "{\"tenant\":\"transport\",\"externalId\":\"" + key + "\",\"cpuCores\":2,\"memoryGiB\":4,"
                + "\"durationHours\":1,\"priority\":5}";
        return http.send(service.request("/api/v1/jobs")
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertAcknowledgedJobIsQueuedWithItsFirstEvent(ServiceProcess service, String key, String id)
            throws IOException, InterruptedException {
        HttpResponse<String> job = http.send(service.request("/api/v1/jobs/" + id).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(job.statusCode()).as(key + " acknowledged as " + id).isEqualTo(200);
        JsonNode view = JSON.readTree(job.body());
        assertThat(view.get("externalId").asText()).isEqualTo(key);
        assertThat(view.get("state").asText()).isEqualTo("QUEUED");
        HttpResponse<String> events = http.send(service.request("/api/v1/jobs/" + id + "/events").build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode history = JSON.readTree(events.body());
        assertThat(history.size()).as(events.body()).isEqualTo(1);
        assertThat(history.get(0).get("state").asText()).isEqualTo("QUEUED");
        assertThat(history.get(0).get("sequence").asInt()).isEqualTo(1);
    }

    private static void assertEveryKeyMadeAtMostOneJob(TestDatabase database) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet twice = s.executeQuery("select request_id from job where request_id is not null group by tenant, request_id having count(*) > 1")) {
            assertThat(twice.next()).as("a key with two jobs").isFalse();
        }
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet twice = s.executeQuery("select external_id from job where external_id is not null group by tenant, external_id having count(*) > 1")) {
            assertThat(twice.next()).as("an external id with two jobs").isFalse();
        }
    }

    /** Jobs the clients submitted (the imported scenario's own jobs carry no key). */
    private static int jobCount(TestDatabase database) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select count(*) from job where request_id is not null")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
