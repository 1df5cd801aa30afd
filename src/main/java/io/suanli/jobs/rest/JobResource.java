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

    public JobResource(JobService jobs, JobQueries queries, ApiLimits limits) {
        this.jobs = jobs;
        this.queries = queries;
        this.limits = limits;
    }

    /** 201 with the new job once it is committed; 200 with the original job for a repeated Idempotency-Key. */
    @POST
    public Uni<Response> submit(JobSpec spec, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return jobs.submit(new Submission(spec, idempotencyKey)).map(result -> {
            JobView view = JobView.of(result.job());
            return result.replayed()
                    ? Response.ok(view).build()
                    : Response.created(URI.create("/api/v1/jobs/" + view.id())).entity(view).build();
        });
    }

    @GET
    @Path("{id}")
    public Uni<JobView> get(@PathParam("id") String id) {
        return jobs.get(id).map(JobView::of);
    }

    @GET
    public Uni<Page<JobView>> list(
            @QueryParam("tenant") String tenant,
            @QueryParam("state") String stateName,
            @QueryParam("limit") Integer limit,
            @QueryParam("after") String after) {
        return queries.list(tenant, QueryEnums.parse(JobState.class, stateName, "state"), PageRequest.of(limit, after, limits.maxPageSize())).map(page -> page.map(JobView::of));
    }

    /** {@code POST /jobs/{id}:cancel}. */
    @POST
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Cancel a job", description = "POST /api/v1/jobs/{id}:cancel")
    public Uni<JobView> cancel(@PathParam("id") String idAndVerb) {
        CustomMethod method = CustomMethod.parse(idAndVerb, Set.of("cancel"));
        return jobs.cancel(method.name(), null).map(JobView::of);
    }

    @GET
    @Path("{id}/events")
    public Uni<List<JobEvent>> events(@PathParam("id") String id) {
        return queries.history(id);
    }
}
