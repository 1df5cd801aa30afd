package io.suanli.planning.rest;

import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import io.suanli.planning.leader.LeaderElection;
import io.suanli.planning.service.LivePlanner;
import io.suanli.planning.service.LiveSolver;
import io.suanli.scenario.ResultDocument;
import io.suanli.scenario.ScenarioDocument;
import io.suanli.scheduling.PlanResults;
import io.suanli.scheduling.ScenarioSnapshots;
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

    /** The live problem as a scenario and the live plan as its result, both in the files' formats. */
    public record LivePlanExport(ScenarioDocument scenario, ResultDocument plan) {}

    @GET
    @Path("/snapshot")
    @Operation(summary = "The scheduler's current problem as a suanli-scenario/1 and its current best plan as a suanli-result/1",
            description = "Hour 0 is the current slot (one hour per slot); committed and running jobs are pinned for the slots"
                    + " they still hold. Solve the scenario offline (./suanli solve) to judge the live plan. Answered by the"
                    + " active scheduler only (404 elsewhere, or before its first plan).")
    public LivePlanExport snapshot() {
        LiveSolver.Best best = election.isLeading() ? planner.latest() : null;
        if (best == null) {
            // Not found here: the live plan exists only on the leader, and only once it has made one.
            throw new ProblemException(ProblemType.NOT_FOUND, election.isLeading()
                    ? "the scheduler has no plan yet" : "this instance is not the active scheduler (" + election.instance()
                    + "); ask the instance that leads, see GET /api/v1/scheduler");
        }
        ScenarioDocument scenario = ScenarioSnapshots.toScenario(best.live().snapshot(), best.live().frame().slotZero(),
                "The live scheduler's problem at slot " + best.live().frame().slotZero() + " (plan version " + best.version() + ")");
        return new LivePlanExport(scenario, PlanResults.toResult(best.plan(), "suanli-live", 0));
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
