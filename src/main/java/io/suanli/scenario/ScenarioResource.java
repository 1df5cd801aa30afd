package io.suanli.scenario;

import io.smallrye.mutiny.Uni;
import io.suanli.security.Roles;
import io.suanli.security.CallerResolver;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Scenario import (all or nothing) and export of the current estate, in {@code suanli-scenario/1}. */
@Path("/api/v1/scenarios")
@Tag(name = "scenarios")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// Writes are the operators'; reads as annotated per method.
@RolesAllowed(Roles.OPERATOR)
public class ScenarioResource {

    private final ScenarioImporter importer;
    private final ScenarioExporter exporter;
    private final CallerResolver callers;

    public ScenarioResource(ScenarioImporter importer, ScenarioExporter exporter, CallerResolver callers) {
        this.callers = callers;
        this.importer = importer;
        this.exporter = exporter;
    }

    @POST
    public Uni<ImportReport> importScenario(ScenarioDocument scenario) {
        return importer.importScenario(scenario, callers.current());
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.REGULATOR})
    @Path("current")
    public Uni<ScenarioDocument> current() {
        return exporter.exportCurrent();
    }
}
