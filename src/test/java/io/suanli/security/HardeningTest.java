package io.suanli.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.suanli.grpc.v1.GetJobRequest;
import io.suanli.grpc.v1.JobServiceGrpc;
import io.suanli.support.auth.DefaultOperatorToken;
import io.suanli.support.auth.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Rate limits, body limits, CORS, security headers, open probes, and error bodies that reveal nothing. */
@QuarkusTest
class HardeningTest {

    /** Configured in the test profile: burst 3, refilled at 1 request per second. */
    private static final String THROTTLED_TENANT = "ratelimited-dept";
    private static final int MIB = 1024 * 1024;

    @Test
    void aTenantOverItsRateIsAnswered429WithRetryAfterOnRestAndResourceExhaustedOnGrpc() {
        String token = TestTokens.bearer(TestTokens.tenant(THROTTLED_TENANT));
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(given().noFiltersOfType(DefaultOperatorToken.class).header("Authorization", token).get("/api/v1/jobs"));
        }
        assertThat(answers.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        Response limited = answers.get(5);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("type")).endsWith("rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);

        Metadata headers = new Metadata();
        headers.put(SecurityMatrixTest.AUTHORIZATION, token);
        JobServiceGrpc.JobServiceBlockingStub stub = JobServiceGrpc.newBlockingStub(SecurityMatrixTest.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        // The bucket refills one request a second: a slow machine may have earned one back meanwhile.
        List<Status.Code> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try {
                stub.getJob(GetJobRequest.newBuilder().setJobId("x").build());
            } catch (StatusRuntimeException e) {
                codes.add(e.getStatus().getCode());
            }
        }
        assertThat(codes).contains(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void otherCallersAreNotSlowedByAThrottledTenant() {
        for (int i = 0; i < 10; i++) {
            given().noFiltersOfType(DefaultOperatorToken.class).header("Authorization", TestTokens.bearer(TestTokens.tenant(THROTTLED_TENANT)))
                    .get("/api/v1/jobs");
        }
        given().get("/api/v1/jobs").then().statusCode(200);
    }

    @Test
    void aBodyOverOneMebibyteIs413ButAScenarioImportMayBeLarger() {
        String big = "{\"tenant\":\"x\",\"pad\":\"" + "a".repeat(MIB + 1) + "\"}";

        Response refused = given().contentType(ContentType.JSON).body(big).post("/api/v1/jobs");
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.jsonPath().getString("type")).endsWith("payload-too-large");

        Response imported = given().contentType(ContentType.JSON).body(big).post("/api/v1/scenarios");
        assertThat(imported.statusCode()).as(imported.asString()).isNotEqualTo(413).isBetween(400, 499);

        given().contentType(ContentType.JSON).body("{\"pad\":\"" + "a".repeat(70 * MIB) + "\"}")
                .post("/api/v1/scenarios").then().statusCode(413);
    }

    @Test
    void aChunkedBodyWithoutALengthIsCappedWhileStreamingAt1MiBOrAt64MiBForAScenarioImport() throws Exception {
        ChunkedAnswer job = postChunked("/api/v1/jobs", 2 * MIB);
        assertThat(job.status()).as(job.head()).isEqualTo(413);

        ChunkedAnswer smallImport = postChunked("/api/v1/scenarios", 2 * MIB);
        assertThat(smallImport.status()).as(smallImport.head()).isNotEqualTo(413).isBetween(400, 499);

        ChunkedAnswer hugeImport = postChunked("/api/v1/scenarios", 70 * MIB);
        assertThat(hugeImport.status()).as(hugeImport.head()).isEqualTo(413);
        assertThat(hugeImport.sent()).as("refused while streaming, before the whole body was read").isLessThan(70L * MIB);
    }

    /** What a chunked POST was answered: the status, the head of the answer, and how many body bytes the server took. */
    record ChunkedAnswer(int status, String head, long sent) {}

    /**
     * POSTs {@code {}} padded with about {@code padBytes} of whitespace as an operator with chunked transfer
     * encoding (no Content-Length) over a raw socket, reading the answer while still sending: a
     * server that refuses early answers and closes before the body is complete.
     */
    private static ChunkedAnswer postChunked(String path, int padBytes) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            java.util.concurrent.CompletableFuture<String> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] buffer = new byte[8192];
                    StringBuilder head = new StringBuilder();
                    int n;
                    while (head.length() < 2000 && (n = in.read(buffer)) > 0) {
                        head.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                        if (head.indexOf("\r\n\r\n") >= 0) {
                            break;
                        }
                    }
                    return head.toString();
                } catch (java.io.IOException e) {
                    return "read failed: " + e;
                }
            });
            String headers = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + TestTokens.bearer(TestTokens.operator()) + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            out.write(headers.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            long sent = 0;
            try {
                sent += chunk(out, "{".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                // Whitespace: a JSON reader must read all of it (a long string or an unknown field would be refused early).
                byte[] pad = " ".repeat(64 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (int written = 0; written < padBytes && !answer.isDone(); written += pad.length) {
                    sent += chunk(out, pad);
                }
                sent += chunk(out, "}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException refusedMidway) {
                // The server answered and closed the connection while the body was still coming.
            }
            String head = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            int status = head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
            return new ChunkedAnswer(status, head, sent);
        }
    }

    private static int chunk(java.io.OutputStream out, byte[] data) throws java.io.IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return data.length;
    }

    @Test
    void noErrorBodyContainsAStackTraceOrSql() {
        String operator = TestTokens.bearer(TestTokens.operator());
        List<Supplier<Response>> failures = List.of(
                () -> given().contentType(ContentType.JSON).body("{\"tenant\": ").post("/api/v1/jobs"),
                () -> given().contentType(ContentType.JSON).body("{\"cpuCores\": \"many\"}").post("/api/v1/jobs"),
                () -> given().contentType(ContentType.JSON).body("[1,2]").put("/api/v1/settings"),
                () -> given().get("/api/v1/jobs/not-a-uuid"),
                () -> given().get("/api/v1/jobs?after=%00%27;drop"),
                () -> given().get("/api/v1/job-events?after=zzz"),
                () -> given().get("/api/v1/nodes?state=HALF"),
                () -> given().delete("/api/v1/jobs"),
                () -> given().get("/api/v1/no-such-thing"),
                () -> given().contentType(ContentType.XML).body("<job/>").post("/api/v1/jobs"),
                () -> given().contentType(ContentType.JSON).body("{\"name\": \"Not A Label!\"}").post("/api/v1/tenants"),
                () -> given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"carbonIntensity\": [1e999]}").post("/api/v1/regions"),
                () -> given().noFiltersOfType(DefaultOperatorToken.class).get("/api/v1/jobs"),
                () -> given().noFiltersOfType(DefaultOperatorToken.class).header("Authorization", "Bearer a.b.c").get("/api/v1/jobs"),
                () -> given().noFiltersOfType(DefaultOperatorToken.class)
                        .header("Authorization", TestTokens.bearer(TestTokens.billing())).post("/api/v1/jobs"),
                () -> given().header("Authorization", operator).contentType(ContentType.JSON)
                        .body("{\"pad\":\"" + "a".repeat(2 * MIB) + "\"}").put("/api/v1/settings"));
        for (Supplier<Response> failure : failures) {
            Response response = failure.get();
            String body = response.asString();
            assertThat(response.statusCode()).as(body).isBetween(400, 499);
            assertThat(body).as("error body").doesNotContain("Exception", "\tat ", ".java:", "org.hibernate", "io.vertx",
                    "SQLSTATE", "select ", "insert into", "jdbc:", "postgres");
        }
    }

    @Test
    void corsIsClosedAndSecurityHeadersAreSet() {
        Response preflight = given().noFiltersOfType(DefaultOperatorToken.class)
                .header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "GET")
                .options("/api/v1/jobs");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        Response cross = given().header("Origin", "https://elsewhere.example").get("/api/v1/jobs");
        assertThat(cross.header("Access-Control-Allow-Origin")).isNull();

        Response page = given().noFiltersOfType(DefaultOperatorToken.class).get("/q/health");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void healthMetricsAndTheOpenApiDocumentNeedNoToken() {
        for (String open : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            assertThat(given().noFiltersOfType(DefaultOperatorToken.class).get(open).statusCode()).as(open).isEqualTo(200);
        }
    }
}
