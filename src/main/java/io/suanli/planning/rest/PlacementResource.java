package io.suanli.planning.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.jobs.service.JobService;
import io.suanli.planning.service.PlacementExplanations;
import io.suanli.security.CallerResolver;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where a job runs and why, or why it does not run yet. */
@Path("/api/v1/jobs/{id}/placement")
@Tag(name = "scheduling")
@Produces(MediaType.APPLICATION_JSON)
public class PlacementResource {

    private final PlacementExplanations explanations;
    private final JobService jobs;
    private final CallerResolver callers;

    public PlacementResource(PlacementExplanations explanations, JobService jobs, CallerResolver callers) {
        this.explanations = explanations;
        this.jobs = jobs;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The job's placement and its explanation",
            description = "Where and when (site, nodes, start and end), hourly price, quote and carbon of the stored plan, and the"
                    + " engine's comparison with the best other sites (the rule that rules each out, or how much dearer and"
                    + " dirtier it is). For a waiting job, why it is not placed yet. Hours count slots from slotZero.")
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.REGULATOR})
    public Uni<PlacementExplanations.Placement> placement(@PathParam("id") String id) {
        // another tenant's job answers 404 before anything about it is computed
        return jobs.get(callers.current(), id).chain(visible -> explanations.explain(id));
    }
}
