package io.suanli.jobs.grpc;

import io.quarkus.grpc.GrpcService;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suanli.catalog.rest.ApiLimits;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import io.suanli.grpc.v1.CancelJobRequest;
import io.suanli.grpc.v1.GetJobRequest;
import io.suanli.grpc.v1.Job;
import io.suanli.grpc.v1.ListJobsRequest;
import io.suanli.grpc.v1.ListJobsResponse;
import io.suanli.grpc.v1.SubmitJobRequest;
import io.suanli.grpc.v1.SubmitJobResponse;
import io.suanli.grpc.v1.SubmitJobsResponse;
import io.suanli.grpc.v1.WatchJobsRequest;
import io.suanli.grpc.v1.WatchJobsResponse;
import io.suanli.jobs.service.JobQueries;
import io.suanli.jobs.service.JobService;
import io.suanli.jobs.service.Submission;
import io.suanli.security.Caller;
import io.suanli.security.GrpcRoles;
import io.suanli.security.Roles;
import io.suanli.security.grpc.GrpcCallers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gRPC job API: maps messages to the same {@link JobService} and {@link JobQueries} the REST
 * API calls, and service failures to statuses. Holds no state between calls.
 */
@GrpcService
public class JobGrpcService implements io.suanli.grpc.v1.JobService {

    private final JobService jobs;
    private final JobQueries queries;
    private final ApiLimits limits;
    private final JobGrpcConfig config;
    private final Vertx vertx;

    public JobGrpcService(JobService jobs, JobQueries queries, ApiLimits limits, JobGrpcConfig config, Vertx vertx) {
        this.jobs = jobs;
        this.queries = queries;
        this.limits = limits;
        this.config = config;
        this.vertx = vertx;
    }

    @Override
    @GrpcRoles({Roles.TENANT, Roles.OPERATOR})
    public Uni<SubmitJobResponse> submitJob(SubmitJobRequest request) {
        Caller caller = GrpcCallers.current();
        return Uni.createFrom().item(() -> JobGrpcMapper.toSubmission(request).withCaller(caller))
                .chain(jobs::submit)
                .map(result -> SubmitJobResponse.newBuilder()
                        .setJob(JobGrpcMapper.toProto(result.job()))
                        .setReplayed(result.replayed())
                        .build())
                .onFailure().transform(GrpcProblems::toStatus);
    }

    @Override
    @GrpcRoles({Roles.TENANT, Roles.OPERATOR})
    public Multi<SubmitJobsResponse> submitJobs(Multi<SubmitJobRequest> requests) {
        Caller caller = GrpcCallers.current();
        AtomicLong index = new AtomicLong();
        return requests
                .map(request -> new Indexed(index.getAndIncrement(), request))
                .group().intoLists().of(config.batchSize(), config.batchWindow())
                // The window's timer cuts batches whether or not a commit is pending; they queue
                // here until one of the batchConcurrency transactions is free.
                .onOverflow().bufferUnconditionally()
                .filter(batch -> !batch.isEmpty())
                .onItem().transformToUni(batch -> submitBatch(batch, caller)).merge(config.batchConcurrency())
                .onFailure().transform(GrpcProblems::toStatus);
    }

    /** A streamed request and its position in the stream. */
    private record Indexed(long index, SubmitJobRequest request) {}

    /**
     * Commits one batch with one {@code submitAll} call and answers it. A request that does not
     * even map (a malformed price) is refused alone; the rest of the batch goes on.
     */
    private Uni<SubmitJobsResponse> submitBatch(List<Indexed> batch, Caller caller) {
        List<Submission> submissions = new ArrayList<>(batch.size());
        List<Indexed> submitted = new ArrayList<>(batch.size());
        SubmitJobsResponse.Builder response = SubmitJobsResponse.newBuilder();
        for (Indexed item : batch) {
            try {
                submissions.add(JobGrpcMapper.toSubmission(item.request()).withCaller(caller));
                submitted.add(item);
            } catch (ProblemException refused) {
                response.addResults(io.suanli.grpc.v1.SubmitJobResult.newBuilder()
                        .setIndex(item.index())
                        .setRequestId(item.request().getRequestId())
                        .setError(JobGrpcMapper.toError(refused)));
            }
        }
        if (submissions.isEmpty()) {
            return Uni.createFrom().item(response.build());
        }
        return onOwnContext(() -> jobs.submitAll(submissions)).map(results -> {
            for (int i = 0; i < results.size(); i++) {
                Indexed item = submitted.get(i);
                response.addResults(JobGrpcMapper.toResult(item.index(), item.request().getRequestId(), results.get(i)));
            }
            return response.build();
        });
    }

    /**
     * Runs {@code work} on a fresh duplicated Vert.x context. Batches are cut by a timer thread
     * that has no context, and Hibernate Reactive needs one per transaction: two batches sharing
     * the stream's context would share one session, which is not safe for parallel use.
     */
    private <T> Uni<T> onOwnContext(java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> work.get().subscribe().with(emitter::complete, emitter::fail));
        });
    }

    @Override
    @GrpcRoles({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Uni<Job> getJob(GetJobRequest request) {
        Caller caller = GrpcCallers.current();
        return Uni.createFrom().deferred(() -> jobs.get(caller, request.getJobId()))
                .map(JobGrpcMapper::toProto)
                .onFailure().transform(GrpcProblems::toStatus);
    }

    @Override
    @GrpcRoles({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Uni<ListJobsResponse> listJobs(ListJobsRequest request) {
        Caller caller = GrpcCallers.current();
        return Uni.createFrom().deferred(() -> {
                    PageRequest page = pageOf(request);
                    String tenant = request.getTenant().isEmpty() ? null : request.getTenant();
                    return queries.list(caller, tenant, JobGrpcMapper.toDomain(request.getState()), page);
                })
                .map(page -> {
                    ListJobsResponse.Builder response = ListJobsResponse.newBuilder();
                    page.items().forEach(job -> response.addJobs(JobGrpcMapper.toProto(job)));
                    if (page.next() != null) {
                        response.setNextPageToken(page.next());
                    }
                    return response.build();
                })
                .onFailure().transform(GrpcProblems::toStatus);
    }

    /** The REST paging rules under the proto field names. */
    private PageRequest pageOf(ListJobsRequest request) {
        try {
            return PageRequest.of(request.getPageSize() == 0 ? null : request.getPageSize(), request.getPageToken(),
                    limits.maxPageSize());
        } catch (ProblemException e) {
            List<FieldError> renamed = e.errors().stream()
                    .map(error -> new FieldError(error.field().equals("limit") ? "page_size" : "page_token", error.message()))
                    .toList();
            throw new ProblemException(e.type(), renamed.get(0).toString(), renamed);
        }
    }

    @Override
    @GrpcRoles({Roles.TENANT, Roles.OPERATOR})
    public Uni<Job> cancelJob(CancelJobRequest request) {
        Caller caller = GrpcCallers.current();
        return Uni.createFrom().deferred(() -> jobs.cancel(caller, request.getJobId(),
                        request.getReason().isEmpty() ? null : request.getReason()))
                .map(JobGrpcMapper::toProto)
                .onFailure().transform(GrpcProblems::toStatus);
    }

    @Override
    @GrpcRoles({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Multi<WatchJobsResponse> watchJobs(WatchJobsRequest request) {
        Caller caller = GrpcCallers.current();
        FeedPosition start;
        String tenant;
        try {
            start = FeedPosition.decode(request.getAfter(), "after");
            // A tenant caller watches its own tenant; naming another is PERMISSION_DENIED.
            tenant = caller.scopeTenant(request.getTenant().isEmpty() ? null : request.getTenant(), "tenant");
        } catch (ProblemException e) {
            return Multi.createFrom().failure(GrpcProblems.toStatus(e));
        }
        return new JobWatch(queries, tenant, config.watchPageSize(), config.watchInterval()).from(start)
                .onFailure().transform(GrpcProblems::toStatus);
    }
}
