package io.suanli.jobs.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.rest.ApiLimits;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.paging.PageRequest;
import io.suanli.jobs.service.JobQueries;
import io.suanli.security.CallerResolver;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Every job event in commit order, resumable from {@code next}: a reader never misses an event
 * and never sees one twice, also when writers commit out of order.
 */
@Path("/api/v1/job-events")
@Tag(name = "jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobEventFeedResource {

    private final JobQueries queries;
    private final ApiLimits limits;
    private final CallerResolver callers;

    public JobEventFeedResource(JobQueries queries, ApiLimits limits, CallerResolver callers) {
        this.queries = queries;
        this.limits = limits;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Uni<JobEventPage> read(
            @QueryParam("after") String after, @QueryParam("limit") Integer limit, @QueryParam("tenant") String tenant) {
        int size = PageRequest.of(limit, null, limits.maxPageSize()).limit();
        return queries.events(callers.current(), FeedPosition.decode(after, "after"), size, tenant)
                .map(page -> new JobEventPage(page.items(), page.next().encode()));
    }
}
