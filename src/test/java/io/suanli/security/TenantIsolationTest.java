package io.suanli.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.suanli.grpc.v1.CancelJobRequest;
import io.suanli.grpc.v1.GetJobRequest;
import io.suanli.grpc.v1.JobServiceGrpc;
import io.suanli.grpc.v1.JobSpec;
import io.suanli.grpc.v1.ListJobsRequest;
import io.suanli.grpc.v1.MeteringServiceGrpc;
import io.suanli.grpc.v1.PullUsageRequest;
import io.suanli.grpc.v1.UsageRecord;
import io.suanli.grpc.v1.SubmitJobRequest;
import io.suanli.grpc.v1.SubmitJobsResponse;
import io.suanli.grpc.v1.WatchJobsRequest;
import io.suanli.grpc.v1.WatchJobsResponse;
import io.suanli.support.Estates;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import io.suanli.support.auth.DefaultOperatorToken;
import io.suanli.support.auth.TestTokens;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant A on tenant B's objects, at every REST operation and gRPC method a tenant may call: another
 * tenant's job is missing (404 / NOT_FOUND), naming another tenant is 403 / PERMISSION_DENIED, and
 * lists and feeds (jobs, job events, usage) show only A's own. Which case applies comes from
 * {@link AccessRules}, so a new tenant-scoped operation is covered as soon as it has its rule (a gRPC
 * method and an OWN_NAMED operation also need their case below, and the test fails until they have one).
 */
@QuarkusTest
class TenantIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The billing day of the test usage: Plans.STARTS_AT is 2026-11-28 08:00 in Shanghai. */
    private static final String USAGE_DAY = "2026-11-28";
    private static final Map<String, String> USAGE_RANGE = Map.of("from", "2026-11-27T00:00:00Z", "to", "2026-11-29T00:00:00Z");
    /** Query parameters a list needs besides the tenant filter. */
    private static final Map<String, Map<String, String>> LIST_QUERY = Map.of("GET /api/v1/usage.csv", USAGE_RANGE);

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private Jobs.Estate estate;
    private String tenantA;
    private String tenantB;
    private String jobOfA;
    private String jobOfB;
    /** Committed jobs of A and B with one metered hour each (usage, statements). */
    private String usageJobOfA;
    private String usageJobOfB;
    private ManagedChannel channel;

    @BeforeEach
    void twoTenantsWithAJobEach() {
        estate = Jobs.estate();
        tenantA = estate.tenant();
        tenantB = estate.prefix() + "-other";
        Estates.post("/api/v1/tenants", Estates.tenant(tenantB));
        jobOfA = given().noFiltersOfType(DefaultOperatorToken.class).header("Authorization", tokenOf(tenantA))
                .contentType(ContentType.JSON).body(Jobs.job(estate))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        jobOfB = given().contentType(ContentType.JSON).body(jobFor(tenantB))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        usageJobOfA = Plans.committedJob(jdbcUrl, estate);
        Map<String, Object> committedOfB = jobFor(tenantB);
        committedOfB.remove("maxPricePerHour");
        usageJobOfB = given().contentType(ContentType.JSON).body(committedOfB)
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        Plans.commit(jdbcUrl, usageJobOfB, estate.gpuSite(), estate.prefix() + "-gpu-1", estate.prefix() + "-gpu-2");
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(
                        Plans.report(estate.prefix() + "-usage-a", usageJobOfA, 0, 0),
                        Plans.report(estate.prefix() + "-usage-b", usageJobOfB, 0, 0))))
                .post("/api/v1/usage:batch").then().statusCode(200);
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void restOperationsShowTenantAOnlyItsOwnJobs() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (String operation : SecurityMatrixTest.restOperations()) {
            AccessRules.Access access = AccessRules.RULES.get(operation);
            if (access == null || !access.roles().contains(Roles.TENANT)) {
                continue;
            }
            String auth = tokenOf(tenantA);
            boolean post = operation.startsWith("POST ");
            switch (access.scope()) {
                case OWN_JOB -> {
                    String suffix = post ? ":cancel" : "";
                    expect(wrong, operation + " on B's job", SecurityMatrixTest.send(operation, auth, jobOfB + suffix, "{}", Map.of()), 404);
                    expect(wrong, operation + " on A's own job", SecurityMatrixTest.send(operation, auth, jobOfA + suffix, "{}", Map.of()), 200);
                }
                case OWN_LIST -> {
                    Map<String, String> query = LIST_QUERY.getOrDefault(operation, Map.of());
                    expect(wrong, operation + " ?tenant=B", SecurityMatrixTest.send(operation, auth, "", null, with(query, "tenant", tenantB)), 403);
                    // A feed shows a commit only once no older transaction is open: poll briefly.
                    Response own = SecurityMatrixTest.send(operation, auth, "", null, with(query, "limit", "1000"));
                    for (int i = 0; i < 50 && !showsA(own.asString()); i++) {
                        Thread.sleep(200);
                        own = SecurityMatrixTest.send(operation, auth, "", null, with(query, "limit", "1000"));
                    }
                    expect(wrong, operation + " unfiltered", own, 200);
                    if (showsB(own.asString())) {
                        wrong.add(operation + " unfiltered shows tenant B's jobs or usage to tenant A");
                    }
                    if (!showsA(own.asString())) {
                        wrong.add(operation + " unfiltered does not show tenant A its own jobs or usage");
                    }
                }
                case OWN_NAMED -> {
                    Function<String, Response> request = namedRequests(auth).get(operation);
                    if (request == null) {
                        wrong.add(operation + ": no OWN_NAMED request in this test");
                        continue;
                    }
                    expect(wrong, operation + " naming B", request.apply(tenantB), 403);
                    expect(wrong, operation + " naming a tenant that does not exist", request.apply(estate.prefix() + "-nobody"), 403);
                    Response own = request.apply(tenantA);
                    expect(wrong, operation + " naming A", own, 200);
                    if (!own.asString().contains(tenantA) || showsB(own.asString())) {
                        wrong.add(operation + " naming A does not answer A's own data alone: " + own.asString());
                    }
                }
                case OWN_BODY -> expect(wrong, operation + " naming B",
                        SecurityMatrixTest.send(operation, auth, "", JSON.writeValueAsString(jobFor(tenantB)), Map.of()), 403);
                case SHARED -> expect(wrong, operation + " (shared estate)", SecurityMatrixTest.send(operation, auth, "matrix-probe", null, Map.of()),
                        operation.contains("{") ? 404 : 200);
                case NOT_FOR_TENANTS -> wrong.add(operation + ": tenant-allowed rule with scope NOT_FOR_TENANTS");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aTenantReadsItsOwnUsageStatementAndBudgetAndNeverAnotherTenants() throws Exception {
        given().contentType(ContentType.JSON).body("{\"amount\": 100}")
                .post("/api/v1/settlement/budgets/" + tenantA + ":top-up").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"amount\": 50}")
                .post("/api/v1/settlement/budgets/" + tenantB + ":top-up").then().statusCode(200);
        String auth = tokenOf(tenantA);

        // Usage: the feed without a filter is A's records alone (it shows a commit once older transactions ended).
        List<Map<String, Object>> items = List.of();
        for (int i = 0; i < 50 && items.isEmpty(); i++) {
            items = asTenant(auth).get("/api/v1/usage").then().statusCode(200).extract().jsonPath().getList("items");
            if (items.isEmpty()) {
                sleepBriefly();
            }
        }
        assertThat(items).extracting(item -> item.get("id")).containsExactly(estate.prefix() + "-usage-a");
        assertThat(items).extracting(item -> item.get("tenant")).containsOnly(tenantA);
        String csv = asTenant(auth).queryParams(USAGE_RANGE).get("/api/v1/usage.csv").then().statusCode(200).extract().asString();
        assertThat(csv).contains(estate.prefix() + "-usage-a").doesNotContain(estate.prefix() + "-usage-b").doesNotContain(tenantB);
        asTenant(auth).queryParam("tenant", tenantB).get("/api/v1/usage").then().statusCode(403);
        asTenant(auth).queryParam("tenant", tenantB).queryParams(USAGE_RANGE).get("/api/v1/usage.csv").then().statusCode(403);

        // Statements: its own tenant's (the name defaults to it), never another tenant's or a provider's.
        var statement = asTenant(auth).queryParams(Map.of("party", "tenant", "period", "day", "date", USAGE_DAY))
                .get("/api/v1/settlement/statements").then().statusCode(200).extract().jsonPath();
        assertThat(statement.getString("party")).isEqualTo(tenantA);
        assertThat(statement.getLong("records")).isEqualTo(1);
        assertThat(statement.getString("billed")).isEqualTo("47.13");
        asTenant(auth).queryParams(Map.of("party", "tenant", "name", tenantB, "period", "day", "date", USAGE_DAY))
                .get("/api/v1/settlement/statements").then().statusCode(403);
        asTenant(auth).queryParams(Map.of("party", "provider", "name", estate.gpuSite(), "period", "day", "date", USAGE_DAY))
                .get("/api/v1/settlement/statements").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(TestTokens.billing()))
                .queryParams(Map.of("party", "provider", "name", estate.gpuSite(), "period", "day", "date", USAGE_DAY))
                .get("/api/v1/settlement/statements").then().statusCode(200);

        // Budget: its own; another tenant's is 403 like a tenant that does not exist (no oracle of names).
        var budget = asTenant(auth).get("/api/v1/settlement/budgets/" + tenantA).then().statusCode(200).extract().jsonPath();
        assertThat(budget.getString("tenant")).isEqualTo(tenantA);
        assertThat(budget.getLong("availableMinor")).isEqualTo(10_000);
        assertThat(budget.getBoolean("enforced")).isTrue();
        asTenant(auth).get("/api/v1/settlement/budgets/" + tenantB).then().statusCode(403);
        asTenant(auth).get("/api/v1/settlement/budgets/" + estate.prefix() + "-nobody").then().statusCode(403);
        given().get("/api/v1/settlement/budgets/" + tenantB).then().statusCode(200).body("availableMinor", org.hamcrest.Matchers.is(5_000));

        // Reports, the ledger and reconciliation stay closed to tenants.
        asTenant(auth).queryParams(USAGE_RANGE).get("/api/v1/reports/usage").then().statusCode(403);
        asTenant(auth).get("/api/v1/settlement/ledger/audit").then().statusCode(403);
    }

    private static io.restassured.specification.RequestSpecification asTenant(String auth) {
        return given().noFiltersOfType(DefaultOperatorToken.class).header("Authorization", auth);
    }

    @Test
    void grpcMethodsShowTenantAOnlyItsOwnJobs() throws Exception {
        JobServiceGrpc.JobServiceBlockingStub a = JobServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(tokenOf(tenantA))));
        JobServiceGrpc.JobServiceStub aAsync = JobServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(tokenOf(tenantA))));
        JobSpec specOfB = JobSpec.newBuilder().setTenant(tenantB).setCpuCores(4).setMemoryGib(16).setDurationHours(2).build();
        Map<String, Supplier<String>> cases = Map.of(
                "GetJob", () -> expectCode(() -> a.getJob(GetJobRequest.newBuilder().setJobId(jobOfB).build()), Status.Code.NOT_FOUND),
                "CancelJob", () -> expectCode(() -> a.cancelJob(CancelJobRequest.newBuilder().setJobId(jobOfB).build()), Status.Code.NOT_FOUND),
                "SubmitJob", () -> expectCode(() -> a.submitJob(SubmitJobRequest.newBuilder().setSpec(specOfB).build()),
                        Status.Code.PERMISSION_DENIED),
                "SubmitJobs", () -> submitJobsRefusesAnotherTenant(aAsync, specOfB),
                "ListJobs", () -> {
                    String denied = expectCode(() -> a.listJobs(ListJobsRequest.newBuilder().setTenant(tenantB).build()),
                            Status.Code.PERMISSION_DENIED);
                    var own = a.listJobs(ListJobsRequest.newBuilder().setPageSize(1000).build()).getJobsList();
                    boolean onlyOwn = !own.isEmpty() && own.stream().allMatch(job -> job.getTenant().equals(tenantA));
                    return denied != null ? denied : onlyOwn ? null : "ListJobs shows tenant A other tenants' jobs: " + own.size();
                },
                "PullUsage", this::pullUsageShowsOnlyOwn,
                "WatchJobs", () -> {
                    String denied = expectCode(() -> a.watchJobs(WatchJobsRequest.newBuilder().setTenant(tenantB).build()).hasNext(),
                            Status.Code.PERMISSION_DENIED);
                    Iterator<WatchJobsResponse> own = a.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .watchJobs(WatchJobsRequest.getDefaultInstance());
                    WatchJobsResponse first = own.next();
                    boolean onlyOwn = first.getEventsList().stream().allMatch(e -> e.getJobId().equals(jobOfA) || e.getJobId().equals(usageJobOfA));
                    return denied != null ? denied : onlyOwn ? null : "WatchJobs shows tenant A other tenants' events";
                });
        List<String> wrong = new ArrayList<>();
        for (String method : SecurityMatrixTest.grpcMethods().keySet()) {
            AccessRules.Access access = AccessRules.RULES.get(method);
            if (access == null || !access.roles().contains(Roles.TENANT)) {
                continue;
            }
            Supplier<String> check = cases.get(method.substring(method.indexOf('/') + 1));
            String fault = check == null ? "no tenant A on tenant B case in this test" : check.get();
            if (fault != null) {
                wrong.add(method + ": " + fault);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** How an OWN_NAMED operation names the tenant whose data it answers. */
    private Map<String, Function<String, Response>> namedRequests(String auth) {
        return Map.of(
                "GET /api/v1/settlement/budgets/{tenant}", tenant -> SecurityMatrixTest.send("GET /api/v1/settlement/budgets/{tenant}",
                        auth, tenant, null, Map.of()),
                "GET /api/v1/settlement/statements", tenant -> SecurityMatrixTest.send("GET /api/v1/settlement/statements", auth, "", null,
                        Map.of("party", "tenant", "name", tenant, "period", "day", "date", USAGE_DAY)));
    }

    private String pullUsageShowsOnlyOwn() {
        MeteringServiceGrpc.MeteringServiceBlockingStub a = MeteringServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(tokenOf(tenantA))));
        String denied = expectCode(() -> a.pullUsage(PullUsageRequest.newBuilder().setTenant(tenantB).build()).hasNext(),
                Status.Code.PERMISSION_DENIED);
        if (denied != null) {
            return denied;
        }
        List<UsageRecord> records = pullAll(a);
        // The feed shows a commit only once no older transaction is open: poll briefly.
        for (int i = 0; i < 50 && records.stream().noneMatch(r -> r.getJobId().equals(usageJobOfA)); i++) {
            sleepBriefly();
            records = pullAll(a);
        }
        List<String> foreign = records.stream().filter(r -> !r.getTenant().equals(tenantA)).map(r -> r.getId() + " of " + r.getTenant())
                .toList();
        if (!foreign.isEmpty()) {
            return "PullUsage shows tenant A other tenants' records: " + foreign;
        }
        return records.stream().anyMatch(r -> r.getJobId().equals(usageJobOfA)) ? null : "PullUsage does not show tenant A its own records";
    }

    private static List<UsageRecord> pullAll(MeteringServiceGrpc.MeteringServiceBlockingStub stub) {
        List<UsageRecord> records = new ArrayList<>();
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).pullUsage(PullUsageRequest.getDefaultInstance())
                .forEachRemaining(page -> records.addAll(page.getRecordsList()));
        return records;
    }

    private boolean showsA(String body) {
        return body.contains(jobOfA) || body.contains(usageJobOfA);
    }

    private boolean showsB(String body) {
        return body.contains(jobOfB) || body.contains(usageJobOfB) || body.contains(tenantB);
    }

    private static Map<String, String> with(Map<String, String> query, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(query);
        all.put(name, value);
        return all;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String submitJobsRefusesAnotherTenant(JobServiceGrpc.JobServiceStub stub, JobSpec spec) {
        List<SubmitJobsResponse> answers = new ArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        var requests = stub.submitJobs(new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(SubmitJobsResponse value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        requests.onNext(SubmitJobRequest.newBuilder().setSpec(spec).build());
        requests.onCompleted();
        try {
            done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean refused = answers.size() == 1 && answers.get(0).getResultsCount() == 1
                && answers.get(0).getResults(0).getError().getCode() == Status.Code.PERMISSION_DENIED.value();
        return refused ? null : "SubmitJobs did not refuse a job of tenant B with PERMISSION_DENIED: " + answers;
    }

    private static String expectCode(Runnable call, Status.Code expected) {
        try {
            call.run();
            return "answered, expected " + expected;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == expected ? null : e.getStatus() + ", expected " + expected;
        }
    }

    private static void expect(List<String> wrong, String what, Response response, int status) {
        if (response.statusCode() != status) {
            wrong.add(what + ": " + response.statusCode() + " (expected " + status + ") " + response.asString());
        }
    }

    private Map<String, Object> jobFor(String tenant) {
        Map<String, Object> job = Jobs.job(estate);
        job.put("tenant", tenant);
        return job;
    }

    private static String tokenOf(String tenant) {
        return TestTokens.bearer(TestTokens.tenant(tenant));
    }

    private static Metadata headers(String authorization) {
        Metadata headers = new Metadata();
        headers.put(SecurityMatrixTest.AUTHORIZATION, authorization);
        return headers;
    }
}
