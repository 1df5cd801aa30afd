package io.suanli.jobs.grpc;

import static io.suanli.support.Estates.uniquePrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.BadRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflection;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suanli.grpc.v1.CancelJobRequest;
import io.suanli.grpc.v1.GetJobRequest;
import io.suanli.grpc.v1.Job;
import io.suanli.grpc.v1.JobEvent;
import io.suanli.grpc.v1.JobServiceGrpc;
import io.suanli.grpc.v1.JobSpec;
import io.suanli.grpc.v1.JobState;
import io.suanli.grpc.v1.ListJobsRequest;
import io.suanli.grpc.v1.ListJobsResponse;
import io.suanli.grpc.v1.SubmitJobRequest;
import io.suanli.grpc.v1.SubmitJobResponse;
import io.suanli.grpc.v1.SubmitJobResult;
import io.suanli.grpc.v1.SubmitJobsResponse;
import io.suanli.grpc.v1.WatchJobsRequest;
import io.suanli.grpc.v1.WatchJobsResponse;
import io.suanli.support.Estates;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobGrpcServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int BULK_JOBS = 2_500;

    @GrpcClient("jobs")
    JobServiceGrpc.JobServiceBlockingStub jobs;

    @GrpcClient("jobs")
    io.suanli.grpc.v1.JobService mutinyJobs;

    @GrpcClient("jobs")
    HealthGrpc.HealthBlockingStub health;

    @GrpcClient("jobs")
    ServerReflection reflection;

    private String tenant;

    /** A fresh tenant per test with one site and node that admit {@link #spec()}, so tests see only their own jobs. */
    @BeforeEach
    void freshTenant() {
        String prefix = uniquePrefix();
        String site = Estates.createSite(prefix);
        Estates.post("/api/v1/nodes", Estates.node(prefix + "-n1", site));
        tenant = prefix + "-dept";
        Estates.post("/api/v1/tenants", Estates.tenant(tenant));
    }

    private JobSpec.Builder spec() {
        return JobSpec.newBuilder().setTenant(tenant).setCpuCores(4).setMemoryGib(16).setDurationHours(2);
    }

    private SubmitJobResponse submit(JobSpec.Builder spec, String requestId) {
        return jobs.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).setRequestId(requestId).build());
    }

    private List<Job> allJobsOfTenant() {
        return jobs.listJobs(ListJobsRequest.newBuilder().setTenant(tenant).setPageSize(1000).build()).getJobsList();
    }

    @Test
    void submitAnswersTheQueuedJobAndGetFindsIt() {
        SubmitJobResponse response = submit(spec().setExternalId("cam-1").setMaxPricePerHour("12.5"), "");

        Job job = response.getJob();
        assertThat(response.getReplayed()).isFalse();
        assertThat(job.getId()).isNotEmpty();
        assertThat(job.getTenant()).isEqualTo(tenant);
        assertThat(job.getExternalId()).isEqualTo("cam-1");
        assertThat(job.getState()).isEqualTo(JobState.JOB_STATE_QUEUED);
        assertThat(job.getReason()).isEqualTo("submitted");
        assertThat(job.getSpec().getTasks()).isEqualTo(1);
        assertThat(job.getSpec().getMaxPricePerHour()).isEqualTo("12.5");
        Job found = jobs.getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build());
        // PostgreSQL keeps microseconds: the stored times are the acknowledged ones to the microsecond.
        assertThat(withoutTimes(found)).isEqualTo(withoutTimes(job));
        assertThat(instant(found.getSubmitTime())).isEqualTo(instant(job.getSubmitTime()).truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void theSameRequestIdWithTheSameSpecAnswersTheOriginalJob() {
        SubmitJobResponse first = submit(spec(), "key-1");
        SubmitJobResponse again = submit(spec(), "key-1");

        assertThat(again.getReplayed()).isTrue();
        assertThat(again.getJob().getId()).isEqualTo(first.getJob().getId());
        assertThat(allJobsOfTenant()).hasSize(1);
    }

    @Test
    void concurrentRepeatsOfOneRequestIdMakeOneJobAndAreAnsweredAsReplays() {
        List<SubmitJobResponse> responses = Multi.createFrom().range(0, 20)
                .onItem().transformToUni(i -> mutinyJobs.submitJob(
                        SubmitJobRequest.newBuilder().setRequestId("same").setSpec(spec()).build()))
                .merge(20).collect().asList().await().atMost(WAIT);

        assertThat(responses).extracting(r -> r.getJob().getId()).containsOnly(responses.get(0).getJob().getId());
        assertThat(responses).filteredOn(r -> !r.getReplayed()).hasSize(1);
        assertThat(allJobsOfTenant()).hasSize(1);
    }

    @Test
    void theSameRequestIdWithADifferentSpecIsAlreadyExistsNamingTheKey() {
        submit(spec(), "key-1");

        assertThatThrownBy(() -> submit(spec().setCpuCores(8), "key-1"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getStatus().getDescription()).startsWith("request_id: key 'key-1' was used for a different request");
                });
        assertThat(allJobsOfTenant()).hasSize(1);
    }

    @Test
    void aSubmissionMissingAFieldIsInvalidArgumentNamingItAndStoresNothing() {
        JobSpec.Builder noCores = spec().clearCpuCores();

        assertThatThrownBy(() -> submit(noCores, "key-1")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("spec.cpu_cores: is required");
            assertThat(e.getStatus().getDescription()).doesNotContain("Exception");
            assertThat(badRequest(e).getFieldViolationsList()).singleElement()
                    .satisfies(v -> assertThat(v.getField()).isEqualTo("spec.cpu_cores"));
        });
        assertThat(allJobsOfTenant()).isEmpty();
    }

    @Test
    void aMalformedPriceIsInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> submit(spec().setMaxPricePerHour("twelve"), ""))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("spec.max_price_per_hour: 'twelve' is not a decimal number such as 12.50");
                });
        assertThat(allJobsOfTenant()).isEmpty();
    }

    @Test
    void aJobNoNodeCouldRunIsInvalidArgumentNamingTheRuleThatExcludedEverySite() {
        assertThatThrownBy(() -> submit(spec().setCpuCores(100_000), ""))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("spec.cpu_cores: no allowed node has 100000 cores");
                });
        assertThat(allJobsOfTenant()).isEmpty();
    }

    @Test
    void anUnknownJobIsNotFoundForGetAndCancel() {
        String unknown = "0195f0a0-0000-7000-8000-000000000000";

        assertThatThrownBy(() -> jobs.getJob(GetJobRequest.newBuilder().setJobId(unknown).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> jobs.cancelJob(CancelJobRequest.newBuilder().setJobId("not-a-uuid").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void cancelEndsAQueuedJobAndASecondCancelIsFailedPrecondition() {
        String id = submit(spec(), "").getJob().getId();

        Job cancelled = jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(id).setReason("plan changed").build());

        assertThat(cancelled.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
        assertThat(cancelled.getReason()).isEqualTo("plan changed");
        assertThatThrownBy(() -> jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(id).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    }

    @Test
    void listPagesThroughATenantsJobsInIdOrderAndFiltersByState() {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> submit(spec(), "").getJob().getId()).sorted().toList();
        jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(ids.get(3)).build());

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = "";
        do {
            ListJobsResponse page = jobs.listJobs(
                    ListJobsRequest.newBuilder().setTenant(tenant).setPageSize(2).setPageToken(token).build());
            page.getJobsList().forEach(job -> seen.add(job.getId()));
            pageSizes.add(page.getJobsCount());
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pageSizes).containsExactly(2, 2, 1);
        ListJobsResponse cancelled = jobs.listJobs(ListJobsRequest.newBuilder()
                .setTenant(tenant).setState(JobState.JOB_STATE_CANCELLED).build());
        assertThat(cancelled.getJobsList()).extracting(Job::getId).containsExactly(ids.get(3));
    }

    @Test
    void aPageSizeAboveTheMaximumIsInvalidArgumentNamingPageSize() {
        assertThatThrownBy(() -> jobs.listJobs(ListJobsRequest.newBuilder().setPageSize(1_000_000).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("page_size: must be between 1 and");
                });
    }

    @Test
    void bulkSubmissionAcknowledgesEveryJobWithADistinctIdAndStoresThemAll() {
        List<SubmitJobRequest> requests = IntStream.range(0, BULK_JOBS)
                .mapToObj(i -> SubmitJobRequest.newBuilder().setRequestId("bulk-" + i).setSpec(spec()).build())
                .toList();

        List<SubmitJobResult> results = mutinyJobs.submitJobs(Multi.createFrom().iterable(requests))
                .onItem().transformToIterable(SubmitJobsResponse::getResultsList)
                .collect().asList().await().atMost(WAIT);

        assertThat(results).hasSize(BULK_JOBS);
        assertThat(results).allSatisfy(r -> assertThat(r.getAccepted().getState()).isEqualTo(JobState.JOB_STATE_QUEUED));
        assertThat(results).extracting(SubmitJobResult::getIndex).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, BULK_JOBS).mapToObj(Long::valueOf).toList());
        results.forEach(r -> assertThat(r.getRequestId()).isEqualTo("bulk-" + r.getIndex()));
        Set<String> ids = new HashSet<>();
        results.forEach(r -> ids.add(r.getAccepted().getJobId()));
        assertThat(ids).hasSize(BULK_JOBS);
        assertThat(countJobsOfTenant()).isEqualTo(BULK_JOBS);
    }

    @Test
    void aBadRequestInABulkIsRefusedAloneAndARepeatIsReplayed() {
        String first = submit(spec(), "seen-before").getJob().getId();
        List<SubmitJobRequest> requests = List.of(
                SubmitJobRequest.newBuilder().setRequestId("a").setSpec(spec()).build(),
                SubmitJobRequest.newBuilder().setRequestId("b").setSpec(spec().clearMemoryGib()).build(),
                SubmitJobRequest.newBuilder().setRequestId("c").setSpec(spec().setMaxPricePerHour("1,5")).build(),
                SubmitJobRequest.newBuilder().setRequestId("seen-before").setSpec(spec()).build());

        List<SubmitJobResult> results = mutinyJobs.submitJobs(Multi.createFrom().iterable(requests))
                .onItem().transformToIterable(SubmitJobsResponse::getResultsList)
                .collect().asList().await().atMost(WAIT);

        assertThat(results).hasSize(4);
        SubmitJobResult a = byIndex(results, 0);
        SubmitJobResult b = byIndex(results, 1);
        SubmitJobResult c = byIndex(results, 2);
        SubmitJobResult repeat = byIndex(results, 3);
        assertThat(a.getAccepted().getReplayed()).isFalse();
        assertThat(b.getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(b.getError().getFieldViolations(0).getField()).isEqualTo("spec.memory_gib");
        assertThat(c.getError().getFieldViolations(0).getField()).isEqualTo("spec.max_price_per_hour");
        assertThat(repeat.getAccepted().getReplayed()).isTrue();
        assertThat(repeat.getAccepted().getJobId()).isEqualTo(first);
        assertThat(allJobsOfTenant()).extracting(Job::getId).containsExactlyInAnyOrder(first, a.getAccepted().getJobId());
    }

    @Test
    void watchReceivesTheQueuedEventsOfJobsSubmittedAfterItStarted() {
        var events = watch("").onItem().transformToIterable(WatchJobsResponse::getEventsList)
                .select().first(3).collect().asList()
                .subscribeAsCompletionStage();

        List<String> ids = IntStream.range(0, 3).mapToObj(i -> submit(spec(), "").getJob().getId()).toList();

        List<JobEvent> received = Uni.createFrom().completionStage(events).await().atMost(WAIT);
        assertThat(received).extracting(JobEvent::getJobId).containsExactlyElementsOf(ids);
        assertThat(received).allSatisfy(e -> {
            assertThat(e.getState()).isEqualTo(JobState.JOB_STATE_QUEUED);
            assertThat(e.getSequence()).isEqualTo(1);
            assertThat(e.getReason()).isEqualTo("submitted");
        });
    }

    @Test
    void watchResumedFromAPositionGivesExactlyTheEventsAfterIt() {
        String a = submit(spec(), "").getJob().getId();
        WatchJobsResponse firstResponse = watch("").select().first().collect().asList().await().atMost(WAIT).get(0);
        assertThat(firstResponse.getEventsList()).extracting(JobEvent::getJobId).containsExactly(a);
        String b = submit(spec(), "").getJob().getId();
        jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(a).build());

        List<JobEvent> resumed = watch(firstResponse.getPosition())
                .onItem().transformToIterable(WatchJobsResponse::getEventsList)
                .select().first(Duration.ofSeconds(2)).collect().asList().await().atMost(WAIT);

        assertThat(resumed).extracting(e -> e.getJobId() + " " + e.getState())
                .containsExactly(b + " JOB_STATE_QUEUED", a + " JOB_STATE_CANCELLED");
    }

    @Test
    void watchFromAPositionThisServerNeverGaveIsInvalidArgument() {
        assertThatThrownBy(() -> watch("not-a-position").collect().asList().await().atMost(WAIT))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("after: ");
                });
    }

    @Test
    void theGrpcHealthServiceAnswersServing() {
        HealthCheckResponse response = health.check(HealthCheckRequest.getDefaultInstance());

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void serverReflectionListsTheJobService() {
        ServerReflectionResponse response = reflection.serverReflectionInfo(Multi.createFrom().item(
                        ServerReflectionRequest.newBuilder().setListServices("").build()))
                .collect().first().await().atMost(WAIT);

        assertThat(response.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                .contains("suanli.v1.JobService");
    }

    private Multi<WatchJobsResponse> watch(String after) {
        return mutinyJobs.watchJobs(WatchJobsRequest.newBuilder().setTenant(tenant).setAfter(after).build());
    }

    private int countJobsOfTenant() {
        int count = 0;
        String token = "";
        do {
            ListJobsResponse page = jobs.listJobs(
                    ListJobsRequest.newBuilder().setTenant(tenant).setPageSize(1000).setPageToken(token).build());
            count += page.getJobsCount();
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return count;
    }

    private static Job withoutTimes(Job job) {
        return job.toBuilder().clearSubmitTime().clearUpdateTime()
                .setSpec(job.getSpec().toBuilder().clearEarliestStart()).build();
    }

    private static Instant instant(com.google.protobuf.Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static SubmitJobResult byIndex(List<SubmitJobResult> results, long index) {
        return results.stream().filter(r -> r.getIndex() == index).findFirst().orElseThrow();
    }

    private static BadRequest badRequest(StatusRuntimeException e) {
        try {
            return StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException notBadRequest) {
            throw new AssertionError("details are not a google.rpc.BadRequest", notBadRequest);
        }
    }
}
