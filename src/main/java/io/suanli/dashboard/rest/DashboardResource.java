package io.suanli.dashboard.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.rest.ApiLimits;
import io.suanli.common.paging.PageRequest;
import io.suanli.dashboard.model.EstateSnapshot;
import io.suanli.dashboard.model.JobDetail;
import io.suanli.dashboard.model.QueuePage;
import io.suanli.dashboard.model.SiteDetail;
import io.suanli.dashboard.model.TenantsOverview;
import io.suanli.dashboard.service.EstateReadModel;
import io.suanli.dashboard.service.JobReadModel;
import io.suanli.dashboard.service.QueueReadModel;
import io.suanli.dashboard.service.SiteReadModel;
import io.suanli.dashboard.service.TenantReadModel;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read models of the operator dashboard: each view in one small, server-aggregated answer. */
@RolesAllowed({Roles.OPERATOR, Roles.REGULATOR})
@Path("/api/v1/dashboard")
@Tag(name = "dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    /** The queue view's default page: enough to fill a screen and a scroll. */
    static final int QUEUE_PAGE = 200;

    private final EstateReadModel estate;
    private final SiteReadModel sites;
    private final QueueReadModel queue;
    private final JobReadModel jobs;
    private final TenantReadModel tenants;
    private final ApiLimits limits;

    public DashboardResource(EstateReadModel estate, SiteReadModel sites, QueueReadModel queue, JobReadModel jobs,
            TenantReadModel tenants, ApiLimits limits) {
        this.estate = estate;
        this.sites = sites;
        this.queue = queue;
        this.jobs = jobs;
        this.tenants = tenants;
        this.limits = limits;
    }

    @GET
    @Path("estate")
    @Operation(summary = "Regions east to west with their sites: utilisation now and per slot over the horizon, prices, carbon; city totals")
    public Uni<EstateSnapshot> estate() {
        return estate.snapshot();
    }

    @GET
    @Path("sites/{name}")
    @Operation(summary = "One site: node utilisation now (heat map), node states, placements over the horizon (timeline)")
    public Uni<SiteDetail> site(@PathParam("name") String name) {
        return sites.site(name);
    }

    @GET
    @Path("queue")
    @Operation(summary = "Waiting jobs (QUEUED, PLANNED) oldest first with their reason and plan, by cursor; counts per tenant")
    public Uni<QueuePage> queue(@QueryParam("tenant") String tenant, @QueryParam("limit") Integer limit,
            @QueryParam("after") String after) {
        return queue.page(tenant, PageRequest.of(limit == null ? QUEUE_PAGE : limit, after, limits.maxPageSize()));
    }

    @GET
    @Path("jobs/{id}")
    @Operation(summary = "One job: lifecycle, plan and its tasks' nodes, where its explanation is served, usage (pending settlement)")
    public Uni<JobDetail> job(@PathParam("id") String id) {
        return jobs.job(id);
    }

    @GET
    @Path("tenants")
    @Operation(summary = "Tenants (quotas, jobs, resources held, committed quotes) and providers (committed quotes per site)")
    public Uni<TenantsOverview> tenants() {
        return tenants.overview();
    }
}
