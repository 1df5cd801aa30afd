package io.suanli.metering.grpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.suanli.security.Caller;
import io.suanli.security.GrpcRoles;
import io.suanli.security.Roles;
import io.smallrye.mutiny.Uni;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.problem.ProblemException;
import io.suanli.grpc.v1.PullUsageRequest;
import io.suanli.grpc.v1.PullUsageResponse;
import io.suanli.grpc.v1.ReportUsageRequest;
import io.suanli.grpc.v1.ReportUsageResponse;
import io.suanli.jobs.grpc.GrpcProblems;
import io.suanli.metering.domain.UsageRecord;
import io.suanli.metering.service.OnContext;
import io.suanli.metering.service.UsageFeed;
import io.suanli.metering.service.UsageIngest;
import io.suanli.security.grpc.GrpcCallers;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;

/** The gRPC metering API over the same {@link UsageIngest} and {@link UsageFeed} as REST. */
@GrpcService
public class MeteringGrpcService implements io.suanli.grpc.v1.MeteringService {

    private static final int MAX_PAGE = 5_000;
    private static final int DEFAULT_PAGE = 1_000;

    private final UsageIngest ingest;
    private final UsageFeed feed;
    private final MeteringGrpcConfig config;
    private final Vertx vertx;

    public MeteringGrpcService(UsageIngest ingest, UsageFeed feed, MeteringGrpcConfig config, Vertx vertx) {
        this.ingest = ingest;
        this.feed = feed;
        this.config = config;
        this.vertx = vertx;
    }

    @Override
    @GrpcRoles({Roles.OPERATOR})
    public Multi<ReportUsageResponse> reportUsage(Multi<ReportUsageRequest> requests) {
        Caller caller = GrpcCallers.current();
        AtomicLong index = new AtomicLong();
        return requests
                .map(request -> new Batch(caller, index.getAndIncrement(), request))
                .onItem().transformToUni(this::commit).merge(config.batchConcurrency())
                .onFailure().transform(GrpcProblems::toStatus);
    }

    private record Batch(Caller caller, long index, ReportUsageRequest request) {}

    /** Commits one batch on a context of its own and answers it; a refused batch answers with its error. */
    private Uni<ReportUsageResponse> commit(Batch batch) {
        ReportUsageResponse.Builder response = ReportUsageResponse.newBuilder().setBatch(batch.index());
        return OnContext.run(vertx, () -> Uni.createFrom().deferred(() ->
                        ingest.report(batch.caller(), MeteringGrpcMapper.toDomain(batch.request().getRecordsList()), UsageRecord.Source.REPORTED)))
                .map(outcome -> response.setInserted(outcome.inserted()).setDuplicates(outcome.duplicates()).build())
                .onFailure(ProblemException.class)
                .recoverWithItem(problem -> response.setError(MeteringGrpcMapper.toError((ProblemException) problem)).build());
    }

    @Override
    @GrpcRoles({Roles.TENANT, Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    public Multi<PullUsageResponse> pullUsage(PullUsageRequest request) {
        Caller caller = GrpcCallers.current();
        FeedPosition start;
        String tenant;
        try {
            // A tenant caller pulls its own tenant's records; naming another is PERMISSION_DENIED.
            tenant = caller.scopeTenant(request.getTenant().isEmpty() ? null : request.getTenant(), "tenant");
            start = FeedPosition.decode(request.getAfter(), "after");
            if (request.getPageSize() < 0 || request.getPageSize() > MAX_PAGE) {
                throw ProblemException.invalid("page_size", request.getPageSize() + " is outside 0.." + MAX_PAGE);
            }
        } catch (ProblemException e) {
            return Multi.createFrom().failure(GrpcProblems.toStatus(e));
        }
        int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE : request.getPageSize();
        UsagePull pull = new UsagePull(feed, tenant, pageSize, config.pullInterval(), request.getFollow());
        return pull.from(start).onFailure().transform(GrpcProblems::toStatus);
    }
}
