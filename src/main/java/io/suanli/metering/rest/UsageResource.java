package io.suanli.metering.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suanli.catalog.rest.ApiLimits;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.rest.CustomMethod;
import io.suanli.common.time.TimeRange;
import io.suanli.metering.domain.UsageRecord;
import io.suanli.metering.service.FocusExport;
import io.suanli.metering.service.UsageFeed;
import io.suanli.metering.service.UsageIngest;
import io.suanli.security.CallerResolver;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Usage records: reported from outside in batches, pulled by billing systems in commit order,
 * exported as FinOps FOCUS CSV.
 */
@Path("/api/v1")
@Tag(name = "metering")
public class UsageResource {

    private final UsageIngest ingest;
    private final UsageFeed feed;
    private final FocusExport focus;
    private final ApiLimits limits;
    private final CallerResolver callers;

    public UsageResource(UsageIngest ingest, UsageFeed feed, FocusExport focus, ApiLimits limits, CallerResolver callers) {
        this.ingest = ingest;
        this.feed = feed;
        this.focus = focus;
        this.limits = limits;
        this.callers = callers;
    }

    /** {@code POST /api/v1/usage:batch}: all records or none, answered after the commit. */
    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("{collection}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report usage records", description = "POST /api/v1/usage:batch")
    public Uni<UsageBatchResult> batch(@PathParam("collection") String collectionAndVerb, UsageBatch batch) {
        CustomMethod method = CustomMethod.parse(collectionAndVerb, Set.of("batch"));
        if (!method.name().equals("usage")) {
            throw ProblemException.notFound("collection", method.name());
        }
        if (batch == null || batch.records() == null) {
            throw ProblemException.malformed("records", "a JSON object with a records array is required");
        }
        return ingest.report(callers.current(), batch.records(), UsageRecord.Source.REPORTED)
                .map(outcome -> new UsageBatchResult(outcome.inserted(), outcome.duplicates()));
    }

    /** The billing pull: records in commit order after {@code after}; resume from {@code next}. A tenant reads its own. */
    @RolesAllowed({Roles.TENANT, Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    @GET
    @Path("usage")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<UsagePage> pull(@QueryParam("after") String after, @QueryParam("limit") Integer limit,
            @QueryParam("tenant") String tenant) {
        int size = PageRequest.of(limit, null, limits.maxPageSize()).limit();
        return feed.read(callers.current(), FeedPosition.decode(after, "after"), size, tenant)
                .map(page -> new UsagePage(page.items().stream().map(UsageView::of).toList(), page.next().encode()));
    }

    /** FinOps FOCUS 1.2 CSV of the records whose charge period starts in {@code [from, to)}, streamed. A tenant reads its own. */
    @RolesAllowed({Roles.TENANT, Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    @GET
    @Path("usage.csv")
    @Produces("text/csv")
    public Multi<String> focusCsv(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tenant") String tenant) {
        TimeRange range = TimeRange.parse(from, to);
        return focus.csv(callers.current(), range.from(), range.to(), tenant);
    }
}
