package io.suanli.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.suanli.grpc.v1.CancelJobRequest;
import io.suanli.grpc.v1.JobServiceGrpc;
import io.suanli.grpc.v1.JobSpec;
import io.suanli.grpc.v1.MeteringServiceGrpc;
import io.suanli.grpc.v1.ReportUsageRequest;
import io.suanli.grpc.v1.ReportUsageResponse;
import io.suanli.grpc.v1.SubmitJobRequest;
import io.suanli.grpc.v1.SubmitJobsResponse;
import io.suanli.grpc.v1.UsageReport;
import io.suanli.support.Estates;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import io.suanli.support.auth.DefaultOperatorToken;
import io.suanli.support.auth.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every state-changing operation the application serves (every REST operation but GET, every gRPC
 * method but the readers), performed successfully by an operator with a subject of its own, appends
 * an audit record naming that operator and the expected action. The operations come from the running
 * application as in {@link SecurityMatrixTest}: a new one fails this test until it has its case here,
 * and its case fails until the operation audits.
 */
@QuarkusTest
class AuditCoverageTest {

    /** gRPC methods that change nothing; every other method must have an audit case. */
    private static final Set<String> GRPC_READERS = Set.of("GetJob", "ListJobs", "WatchJobs", "PullUsage");
    /** A day long past, so it can be closed without touching other tests' statements. */
    private static final String CLOSABLE_DAY = "2025-01-01";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** One operator's call: performs it (asserting it succeeded) and answers the audit action it must append. */
    @FunctionalInterface
    interface Case {
        String perform(String authorization) throws Exception;
    }

    @Test
    void everyStateChangingOperationAuditsItsCallerAndAction() throws Exception {
        Set<String> changing = new TreeSet<>();
        SecurityMatrixTest.restOperations().stream().filter(op -> !op.startsWith("GET ")).forEach(changing::add);
        SecurityMatrixTest.grpcMethods().keySet().stream()
                .filter(m -> !GRPC_READERS.contains(m.substring(m.indexOf('/') + 1))).forEach(changing::add);
        assertThat(changing).as("the application has state-changing operations").hasSizeGreaterThan(20);

        Jobs.Estate estate = Jobs.estate();
        Map<String, Case> cases = cases(estate);
        assertThat(cases.keySet()).as("a case for an operation the application no longer serves").isSubsetOf(changing);

        String position = endOfTrail();
        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (String operation : changing) {
            Case c = cases.get(operation);
            if (c == null) {
                wrong.add(operation + ": no audit case in this test (add one; the operation must append an audit record)");
                continue;
            }
            String subject = "audit-" + estate.prefix() + "-" + n++;
            String action = c.perform(TestTokens.bearer(TestTokens.operatorNamed(subject)));
            Found found = awaitRecord(position, subject);
            position = found.position();
            if (found.record() == null) {
                wrong.add(operation + ": no audit record of " + subject + " (expected " + action + ")");
            } else if (!action.equals(found.record().get("action")) || !"operator".equals(found.record().get("role"))) {
                wrong.add(operation + ": audited as " + found.record().get("action") + " by " + found.record().get("role")
                        + " (expected " + action + " by operator)");
            }
        }
        assertThat(wrong).isEmpty();
    }

    private Map<String, Case> cases(Jobs.Estate e) {
        Map<String, Case> cases = new LinkedHashMap<>();
        for (String kind : new String[] {"regions", "sites", "nodes", "tenants"}) {
            String singular = kind.substring(0, kind.length() - 1);
            cases.put("POST /api/v1/" + kind, auth -> {
                String name = e.prefix() + "-new-" + singular;
                as(auth).contentType(ContentType.JSON).body(body(kind, name, e)).post("/api/v1/" + kind).then().statusCode(201);
                return singular + ".create";
            });
            cases.put("PUT /api/v1/" + kind + "/{name}", auth -> {
                String name = e.prefix() + "-put-" + singular;
                Estates.post("/api/v1/" + kind, body(kind, name, e));
                as(auth).contentType(ContentType.JSON).body(body(kind, name, e)).put("/api/v1/" + kind + "/" + name).then().statusCode(200);
                return singular + ".update";
            });
            cases.put("DELETE /api/v1/" + kind + "/{name}", auth -> {
                String name = e.prefix() + "-del-" + singular;
                Estates.post("/api/v1/" + kind, body(kind, name, e));
                as(auth).delete("/api/v1/" + kind + "/" + name).then().statusCode(204);
                return singular + ".delete";
            });
        }
        cases.put("POST /api/v1/nodes/{name}", auth -> {
            as(auth).post("/api/v1/nodes/" + e.prefix() + "-cpu-1:drain").then().statusCode(200);
            return "node.drain";
        });
        cases.put("PUT /api/v1/latencies/{from}/{to}", auth -> {
            as(auth).contentType(ContentType.JSON).body(Map.of("ms", 4.0))
                    .put("/api/v1/latencies/" + e.gpuSite() + "/" + e.edgeSite()).then().statusCode(200);
            return "latency.update";
        });
        cases.put("DELETE /api/v1/latencies/{from}/{to}", auth -> {
            String other = Estates.createSite(e.prefix() + "-lat");
            given().contentType(ContentType.JSON).body(Map.of("ms", 9.0))
                    .put("/api/v1/latencies/" + e.gpuSite() + "/" + other).then().statusCode(201);
            as(auth).delete("/api/v1/latencies/" + e.gpuSite() + "/" + other).then().statusCode(204);
            return "latency.delete";
        });
        cases.put("PUT /api/v1/settings", auth -> {
            String settings = given().get("/api/v1/settings").then().statusCode(200).extract().asString();
            as(auth).contentType(ContentType.JSON).body(settings).put("/api/v1/settings").then().statusCode(200);
            return "settings.update";
        });
        cases.put("POST /api/v1/scenarios", auth -> {
            as(auth).contentType(ContentType.JSON).body(scenario("tiny-1")).post("/api/v1/scenarios").then().statusCode(200);
            return "scenario.import";
        });
        cases.put("POST /api/v1/jobs", auth -> {
            as(auth).contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201);
            return "job.submit";
        });
        cases.put("POST /api/v1/jobs/{id}", auth -> {
            String id = given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201)
                    .extract().path("id");
            as(auth).post("/api/v1/jobs/" + id + ":cancel").then().statusCode(200);
            return "job.cancelled";
        });
        cases.put("POST /api/v1/{collection}", auth -> {
            String job = Plans.committedJob(jdbcUrl, e);
            as(auth).contentType(ContentType.JSON).body(Map.of("records", List.of(Plans.report(e.prefix() + "-rest-usage", job, 0, 0))))
                    .post("/api/v1/usage:batch").then().statusCode(200);
            return "usage.report";
        });
        cases.put("POST /api/v1/settlement/budgets/{tenant}", auth -> {
            // A tenant of its own: a top-up enforces the budget, which would refuse the other cases' jobs.
            String funded = e.prefix() + "-funded";
            Estates.post("/api/v1/tenants", Estates.tenant(funded));
            as(auth).contentType(ContentType.JSON).body("{\"amount\": 10}")
                    .post("/api/v1/settlement/budgets/" + funded + ":top-up").then().statusCode(200);
            return "budget.top-up";
        });
        cases.put("POST /api/v1/settlement/entries/{id}", auth -> {
            String wrong = e.prefix() + "-corrected";
            Estates.post("/api/v1/tenants", Estates.tenant(wrong));
            given().contentType(ContentType.JSON).body("{\"amount\": 10}")
                    .post("/api/v1/settlement/budgets/" + wrong + ":top-up").then().statusCode(200);
            long entry = Plans.count(jdbcUrl, "select id from ledger_entry where kind = 'TOP_UP' and tenant = ?", wrong);
            as(auth).contentType(ContentType.JSON).body(Map.of("reason", "topped up the wrong department"))
                    .post("/api/v1/settlement/entries/" + entry + ":reverse").then().statusCode(200);
            return "ledger.reverse";
        });
        cases.put("POST /api/v1/settlement/{collection}", auth -> {
            as(auth).post("/api/v1/settlement/usage:settle").then().statusCode(200);
            return "usage.settle";
        });
        cases.put("POST /api/v1/settlement/periods/{day}", auth -> {
            as(auth).post("/api/v1/settlement/periods/" + CLOSABLE_DAY + ":close").then().statusCode(200);
            return "period.close";
        });
        JobSpec spec = JobSpec.newBuilder().setTenant(e.tenant()).setCpuCores(4).setMemoryGib(16).setDurationHours(2).build();
        cases.put("grpc suanli.v1.JobService/SubmitJob", auth -> {
            jobs(auth).submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build());
            return "job.submit";
        });
        cases.put("grpc suanli.v1.JobService/SubmitJobs", auth -> {
            List<SubmitJobsResponse> answers = bidi(observer -> JobServiceGrpc.newStub(SecurityMatrixTest.channel())
                    .withInterceptors(withToken(auth)).submitJobs(observer), SubmitJobRequest.newBuilder().setSpec(spec).build());
            assertThat(answers.get(0).getResults(0).hasError()).as(answers.toString()).isFalse();
            return "job.submit";
        });
        cases.put("grpc suanli.v1.JobService/CancelJob", auth -> {
            String id = given().contentType(ContentType.JSON).body(Jobs.job(e)).post("/api/v1/jobs").then().statusCode(201)
                    .extract().path("id");
            jobs(auth).cancelJob(CancelJobRequest.newBuilder().setJobId(id).build());
            return "job.cancelled";
        });
        cases.put("grpc suanli.v1.MeteringService/ReportUsage", auth -> {
            String job = Plans.committedJob(jdbcUrl, e);
            UsageReport record = UsageReport.newBuilder().setId(e.prefix() + "-grpc-usage").setJobId(job).setTask(0)
                    .setStartsAt(Timestamp.newBuilder().setSeconds(Plans.STARTS_AT.getEpochSecond()))
                    .setEndsAt(Timestamp.newBuilder().setSeconds(Plans.STARTS_AT.getEpochSecond() + 3600))
                    .setCpuCoreHours("16").setMemoryGibHours("64").setGpuHours("2").setCurrency("CNY").build();
            List<ReportUsageResponse> answers = bidi(observer -> MeteringServiceGrpc.newStub(SecurityMatrixTest.channel())
                    .withInterceptors(withToken(auth)).reportUsage(observer), ReportUsageRequest.newBuilder().addRecords(record).build());
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).getInserted()).as(answers.toString()).isEqualTo(1);
            return "usage.report";
        });
        return cases;
    }

    private static Map<String, Object> body(String kind, String name, Jobs.Estate e) {
        return switch (kind) {
            case "regions" -> Estates.region(name);
            case "sites" -> Estates.site(name, e.region());
            case "nodes" -> Estates.node(name, e.gpuSite());
            default -> Estates.tenant(name);
        };
    }

    private static RequestSpecification as(String authorization) {
        return given().noFiltersOfType(DefaultOperatorToken.class).header("Authorization", authorization);
    }

    private static JobServiceGrpc.JobServiceBlockingStub jobs(String authorization) {
        return JobServiceGrpc.newBlockingStub(SecurityMatrixTest.channel()).withInterceptors(withToken(authorization));
    }

    private static io.grpc.ClientInterceptor withToken(String authorization) {
        Metadata headers = new Metadata();
        headers.put(SecurityMatrixTest.AUTHORIZATION, authorization);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** Sends one request on a bidirectional stream, half-closes it and collects the answers. */
    private static <Q, R> List<R> bidi(Function<StreamObserver<R>, StreamObserver<Q>> open, Q request) throws Exception {
        List<R> answers = new CopyOnWriteArrayList<>();
        CompletableFuture<List<R>> done = new CompletableFuture<>();
        StreamObserver<Q> requests = open.apply(new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(answers);
            }
        });
        requests.onNext(request);
        requests.onCompleted();
        return done.get(30, TimeUnit.SECONDS);
    }

    private static byte[] scenario(String name) throws IOException {
        try (InputStream in = AuditCoverageTest.class.getResourceAsStream("/scenarios/" + name + ".json")) {
            return in.readAllBytes();
        }
    }

    /** A record of the trail (or none) and the position to read on from. */
    record Found(Map<String, Object> record, String position) {}

    /** The position after the last record committed so far. */
    private static String endOfTrail() {
        String after = "";
        while (true) {
            var page = readTrail(after);
            after = page.getString("next");
            if (page.getList("items").isEmpty()) {
                return after;
            }
        }
    }

    /**
     * The first record of {@code actor} after {@code position}; polls, since the feed shows a commit
     * once no older transaction is still open.
     */
    private static Found awaitRecord(String position, String actor) throws InterruptedException {
        String after = position;
        for (int i = 0; i < 100; i++) {
            var page = readTrail(after);
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                if (actor.equals(item.get("actor"))) {
                    return new Found(item, after);
                }
            }
            if (items.isEmpty()) {
                Thread.sleep(100);
            } else {
                after = page.getString("next");
            }
        }
        return new Found(null, position);
    }

    private static io.restassured.path.json.JsonPath readTrail(String after) {
        Response response = given().noFiltersOfType(DefaultOperatorToken.class)
                .header("Authorization", TestTokens.bearer(TestTokens.regulator()))
                .queryParam("after", after).queryParam("limit", 1000).get("/api/v1/audit");
        return response.then().statusCode(200).extract().jsonPath();
    }
}
