package io.suanli.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.suanli.support.Jobs;
import io.suanli.support.auth.DefaultOperatorToken;
import io.suanli.support.auth.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The audit trail: who did what, appended with the change; a linear chain under concurrent
 * writers; tampering found at exactly the altered row; and the application's database role unable
 * to alter history.
 */
@QuarkusTest
class AuditTrailTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool appPool;

    @Test
    void aTenantsSubmissionIsRecordedWithWhoWhatAndTheDigestOfTheNewJob() {
        Jobs.Estate estate = Jobs.estate();
        String id = given().noFiltersOfType(DefaultOperatorToken.class)
                .header("Authorization", TestTokens.bearer(TestTokens.tenant(estate.tenant())))
                .contentType(ContentType.JSON).body(Jobs.job(estate))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");

        Map<String, Object> record = findRecord("job/" + id);

        assertThat(record).containsEntry("action", "job.submit").containsEntry("role", "tenant")
                .containsEntry("tenant", estate.tenant()).containsEntry("actor", estate.tenant() + "-user")
                .containsEntry("before", null);
        assertThat((String) record.get("after")).hasSize(64);
        assertThat((String) record.get("hash")).hasSize(64);
    }

    @Test
    void estateChangesNameTheOperatorFromTheRequestsToken() {
        Jobs.Estate estate = Jobs.estate();
        given().delete("/api/v1/latencies/" + estate.gpuSite() + "/" + estate.edgeSite()).then().statusCode(204);

        assertThat(findRecord("region/" + estate.region())).containsEntry("action", "region.create")
                .containsEntry("actor", "test-operator").containsEntry("role", "operator").containsEntry("before", null);
        assertThat(records("latency/" + estate.gpuSite() + "/" + estate.edgeSite(), 2))
                .extracting(r -> r.get("action")).containsExactly("latency.create", "latency.delete");
    }

    @Test
    void anOperatorsCancelRecordsTheStateBeforeAndAfter() {
        Jobs.Estate estate = Jobs.estate();
        String id = given().contentType(ContentType.JSON).body(Jobs.job(estate))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        given().post("/api/v1/jobs/" + id + ":cancel").then().statusCode(200);

        List<Map<String, Object>> records = records("job/" + id, 2);

        assertThat(records).extracting(r -> r.get("action")).containsExactly("job.submit", "job.cancelled");
        Map<String, Object> cancel = records.get(1);
        assertThat(cancel).containsEntry("role", "operator").containsEntry("actor", "test-operator");
        assertThat(cancel.get("before")).isEqualTo(records.get(0).get("after")).isNotEqualTo(cancel.get("after"));
    }

    @Test
    void concurrentWritersChainLinearlyAndTheChainVerifies() throws Exception {
        Jobs.Estate estate = Jobs.estate();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Integer>> submits = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                submits.add(CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(Jobs.job(estate))
                        .post("/api/v1/jobs").statusCode(), pool));
            }
            for (CompletableFuture<Integer> submit : submits) {
                assertThat(submit.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Object> verdict = given().header("Authorization", TestTokens.bearer(TestTokens.regulator()))
                .get("/api/v1/audit/verify").then().statusCode(200).extract().as(Map.class);
        assertThat(verdict).containsEntry("intact", true).containsEntry("firstBrokenId", null);
        assertThat(((Number) verdict.get("checked")).longValue()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void oneAppendOfManyRecordsChainsThemInTheirOrder() {
        List<String> texts = List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        // In a transaction that is rolled back: the chain lock, held until then, keeps other appenders out.
        List<io.vertx.mutiny.sqlclient.Row> rows = appPool.withConnection(c -> c.begin().chain(tx -> c
                        .preparedQuery("select audit_append(cast($1 as text)::json)")
                        .execute(Tuple.of(new io.vertx.core.json.JsonArray(texts).encode()))
                        .invoke(appended -> assertThat(appended.iterator().next().getInteger(0)).isEqualTo(3))
                        .chain(() -> c.query("select id, canonical, prev_hash, hash from audit_record order by id desc limit 4").execute())
                        .call(tx::rollback)))
                .map(rowSet -> {
                    List<io.vertx.mutiny.sqlclient.Row> list = new ArrayList<>();
                    rowSet.forEach(list::add);
                    java.util.Collections.reverse(list);
                    return list;
                })
                .await().atMost(WAIT);

        List<io.vertx.mutiny.sqlclient.Row> appended = rows.subList(rows.size() - 3, rows.size());
        byte[] previous = rows.size() == 4 ? rows.get(0).getBuffer("hash").getBytes() : io.suanli.audit.domain.AuditChain.GENESIS;
        long firstId = rows.size() == 4 ? rows.get(0).getLong("id") + 1 : 1;
        for (int i = 0; i < 3; i++) {
            io.vertx.mutiny.sqlclient.Row record = appended.get(i);
            byte[] canonical = record.getBuffer("canonical").getBytes();
            assertThat(record.getLong("id")).isEqualTo(firstId + i);
            assertThat(new String(canonical, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(texts.get(i));
            assertThat(record.getBuffer("prev_hash").getBytes()).isEqualTo(previous);
            assertThat(record.getBuffer("hash").getBytes()).isEqualTo(io.suanli.audit.domain.AuditChain.link(previous, canonical));
            previous = record.getBuffer("hash").getBytes();
        }
    }

    @Test
    void verifyReportsExactlyTheRowTamperedWithAsOwner() throws Exception {
        Jobs.Estate estate = Jobs.estate();
        String id = given().contentType(ContentType.JSON).body(Jobs.job(estate))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        long row = ((Number) findRecord("job/" + id).get("id")).longValue();
        try (Connection owner = ownerConnection()) {
            byte[] original = canonical(owner, row);
            try {
                // The owner (a superuser here) edits history: the operator becomes someone else.
                setCanonical(owner, row, new String(original, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("test-operator", "someone-else").getBytes(java.nio.charset.StandardCharsets.UTF_8));

                Map<String, Object> verdict = given().get("/api/v1/audit/verify").then().statusCode(200)
                        .extract().as(Map.class);

                assertThat(verdict).containsEntry("intact", false).containsEntry("reason", "its content does not match its hash");
                assertThat(((Number) verdict.get("firstBrokenId")).longValue()).isEqualTo(row);
            } finally {
                setCanonical(owner, row, original);
            }
        }
        assertThat(given().get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath().getBoolean("intact"))
                .as("intact again once the row is restored").isTrue();
    }

    @Test
    void theApplicationsRoleCannotUpdateDeleteOrInsertAuditRows() {
        Jobs.Estate estate = Jobs.estate();
        String id = given().contentType(ContentType.JSON).body(Jobs.job(estate))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        long row = ((Number) findRecord("job/" + id).get("id")).longValue();

        String role = appPool.query("select current_user").execute().await().atMost(WAIT).iterator().next().getString(0);
        assertThat(role).isEqualTo(ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class))
                .isNotEqualTo("postgres");
        for (String sql : List.of("update audit_record set canonical = canonical where id = $1",
                "delete from audit_record where id = $1",
                "insert into audit_record (id, canonical, prev_hash, hash) values ($1 + 1000000000, ''::bytea, ''::bytea, ''::bytea)",
                "update audit_head set seq = seq where id = 1 and $1 > 0")) {
            assertThatThrownBy(() -> appPool.preparedQuery(sql).execute(Tuple.of(row)).await().atMost(WAIT))
                    .as(sql).hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> appPool.query("truncate audit_record").execute().await().atMost(WAIT))
                .hasMessageContaining("permission denied");
    }

    private static Map<String, Object> findRecord(String target) {
        List<Map<String, Object>> found = records(target, 1);
        assertThat(found).as("audit records of " + target).isNotEmpty();
        return found.get(0);
    }

    /**
     * The records of one target, reading the whole feed as a regulator; polls until there are
     * {@code atLeast} (the feed shows a commit once no older transaction is still open).
     */
    private static List<Map<String, Object>> records(String target, int atLeast) {
        List<Map<String, Object>> found = readAll(target);
        for (int i = 0; i < 50 && found.size() < atLeast; i++) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            found = readAll(target);
        }
        return found;
    }

    private static List<Map<String, Object>> readAll(String target) {
        List<Map<String, Object>> found = new ArrayList<>();
        String after = "";
        while (true) {
            var page = given().noFiltersOfType(DefaultOperatorToken.class)
                    .header("Authorization", TestTokens.bearer(TestTokens.regulator()))
                    .queryParam("after", after).queryParam("limit", 1000)
                    .get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            items.stream().filter(r -> target.equals(r.get("target"))).forEach(found::add);
            if (items.isEmpty()) {
                return found;
            }
            after = page.getString("next");
        }
    }

    private static Connection ownerConnection() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), config.getValue("quarkus.flyway.password", String.class));
    }

    private static byte[] canonical(Connection owner, long row) throws Exception {
        try (PreparedStatement select = owner.prepareStatement("select canonical from audit_record where id = ?")) {
            select.setLong(1, row);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static void setCanonical(Connection owner, long row, byte[] bytes) throws Exception {
        try (PreparedStatement update = owner.prepareStatement("update audit_record set canonical = ? where id = ?")) {
            update.setBytes(1, bytes);
            update.setLong(2, row);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
