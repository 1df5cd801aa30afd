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
import io.suanli.grpc.v1.SubmitJobRequest;
import io.suanli.grpc.v1.SubmitJobsResponse;
import io.suanli.grpc.v1.WatchJobsRequest;
import io.suanli.grpc.v1.WatchJobsResponse;
import io.suanli.support.Estates;
import io.suanli.support.Jobs;
import io.suanli.support.auth.DefaultOperatorToken;
import io.suanli.support.auth.TestTokens;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant A on tenant B's objects, at every REST operation and gRPC method a tenant may call: another
 * tenant's job is missing (404 / NOT_FOUND), naming another tenant is 403 / PERMISSION_DENIED, and
 * lists and feeds show only A's own. Which case applies comes from {@link AccessRules}, so a new
 * tenant-scoped operation is covered as soon as it has its rule (a gRPC method also needs its case
 * below, and the test fails until it has one).
 */
@QuarkusTest
class TenantIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jobs.Estate estate;
    private String tenantA;
    private String tenantB;
    private String jobOfA;
    private String jobOfB;
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
                    expect(wrong, operation + " ?tenant=B", SecurityMatrixTest.send(operation, auth, "", null, Map.of("tenant", tenantB)), 403);
                    // A feed shows a commit only once no older transaction is open: poll briefly.
                    Response own = SecurityMatrixTest.send(operation, auth, "", null, Map.of("limit", "1000"));
                    for (int i = 0; i < 50 && !own.asString().contains(jobOfA); i++) {
                        Thread.sleep(200);
                        own = SecurityMatrixTest.send(operation, auth, "", null, Map.of("limit", "1000"));
                    }
                    expect(wrong, operation + " unfiltered", own, 200);
                    if (own.asString().contains(jobOfB) || own.asString().contains(tenantB)) {
                        wrong.add(operation + " unfiltered shows tenant B's jobs to tenant A");
                    }
                    if (!own.asString().contains(jobOfA)) {
                        wrong.add(operation + " unfiltered does not show tenant A its own job");
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
                "WatchJobs", () -> {
                    String denied = expectCode(() -> a.watchJobs(WatchJobsRequest.newBuilder().setTenant(tenantB).build()).hasNext(),
                            Status.Code.PERMISSION_DENIED);
                    Iterator<WatchJobsResponse> own = a.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .watchJobs(WatchJobsRequest.getDefaultInstance());
                    WatchJobsResponse first = own.next();
                    boolean onlyOwn = first.getEventsList().stream().allMatch(e -> e.getJobId().equals(jobOfA));
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
