package io.suanli.settlement.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.common.time.TimeRange;
import io.suanli.settlement.domain.UsageReportView;
import io.suanli.settlement.service.SupervisionReports;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Supervision reports for regulators. */
@Path("/api/v1/reports")
@Tag(name = "reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final SupervisionReports reports;

    public ReportResource(SupervisionReports reports) {
        this.reports = reports;
    }

    /** GPU-hours, CPU-hours, energy, carbon and spend by tenant, region, tier or site, with the western hubs' share. */
    @RolesAllowed({Roles.REGULATOR, Roles.OPERATOR, Roles.BILLING})
    @GET
    @Path("usage")
    public Uni<UsageReportView> usage(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") String by) {
        TimeRange range = TimeRange.parse(from, to);
        return reports.usage(range.from(), range.to(), by == null ? "tenant" : by, null);
    }
}
