package io.suanli.planning.rest;

import io.suanli.planning.leader.LeaderElection;
import io.suanli.planning.service.LivePlanner;
import io.suanli.planning.service.LiveSolver;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Which instance schedules: this one or another. */
@RolesAllowed({Roles.OPERATOR, Roles.REGULATOR})
@Path("/api/v1/scheduler")
@Tag(name = "scheduling")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulerResource {

    /** This instance's part in scheduling, and its best score when it leads. */
    public record SchedulerStatus(String instance, boolean leading, String bestScore, Integer plannedJobs) {}

    private final LeaderElection election;
    private final LivePlanner planner;

    public SchedulerResource(LeaderElection election, LivePlanner planner) {
        this.election = election;
        this.planner = planner;
    }

    @GET
    @Operation(summary = "Whether this instance is the active scheduler")
    public SchedulerStatus status() {
        LiveSolver.Best best = election.isLeading() ? planner.latest() : null;
        return new SchedulerStatus(election.instance(), election.isLeading(),
                best == null || best.plan().getScore() == null ? null : best.plan().getScore().toString(),
                best == null ? null : best.plan().getAssignments().size());
    }
}
