package io.suanli.jobs.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.rest.ApiLimits;
import io.suanli.common.paging.Page;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.rest.QueryEnums;
import io.suanli.common.rest.CustomMethod;
import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.service.JobQueries;
import io.suanli.jobs.service.JobService;
import io.suanli.jobs.service.Submission;
import io.suanli.security.CallerResolver;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Job submission, queries, cancellation and lifecycle history. */
@Path("/api/v1/jobs")
@Tag(name = "jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;
    private final JobQueries queries;
    private final ApiLimits limits;
    private final CallerResolver callers;

    public JobResource(JobService jobs, JobQueries queries, ApiLimits limits, CallerResolver callers) {
        this.jobs = jobs;
        this.queries = queries;
        this.limits = limits;
        this.callers = callers;
    }

    /** 201 with the new job once it is committed; 200 with the original job for a repeated Idempotency-Key. */
    @POST
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR})
    public Uni<Response> submit(JobSpec spec, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return jobs.submit(new Submission(spec, idempotencyKey, callers.current())).map(result -> {
            JobView view = JobView.of(result.job());
            return result.replayed()
                    ? Response.ok(view).build()
                    : Response.created(URI.create("/api/v1/jobs/" + view.id())).entity(view).build();
        });
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Uni<JobView> get(@PathParam("id") String id) {
        return jobs.get(callers.current(), id).map(JobView::of);
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Uni<Page<JobView>> list(
            @QueryParam("tenant") String tenant,
            @QueryParam("state") String stateName,
            @QueryParam("limit") Integer limit,
            @QueryParam("after") String after) {
        return queries.list(callers.current(), tenant, QueryEnums.parse(JobState.class, stateName, "state"), PageRequest.of(limit, after, limits.maxPageSize())).map(page -> page.map(JobView::of));
    }

    /** {@code POST /jobs/{id}:cancel}. */
    @POST
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR})
    @Operation(summary = "Cancel a job", description = "POST /api/v1/jobs/{id}:cancel")
    public Uni<JobView> cancel(@PathParam("id") String idAndVerb) {
        CustomMethod method = CustomMethod.parse(idAndVerb, Set.of("cancel"));
        return jobs.cancel(callers.current(), method.name(), null).map(JobView::of);
    }

    @GET
    @Path("{id}/events")
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Uni<List<JobEvent>> events(@PathParam("id") String id) {
        return queries.history(callers.current(), id);
    }
}
