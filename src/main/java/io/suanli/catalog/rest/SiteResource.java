package io.suanli.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.SiteTier;
import io.suanli.catalog.service.SiteStore;
import io.suanli.common.paging.Page;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.rest.QueryEnums;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sites of the estate, with their carbon series. */
@Path("/api/v1/sites")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// Writes are the operators'; reads as annotated per method.
@RolesAllowed(Roles.OPERATOR)
public class SiteResource {

    private final SiteStore store;
    private final ApiLimits limits;

    public SiteResource(SiteStore store, ApiLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    @POST
    public Uni<Response> create(Site site) {
        return store.create(site).map(created -> Response.created(URI.create("/api/v1/sites/" + created.name()))
                .entity(created)
                .build());
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    @Path("{name}")
    public Uni<Site> get(@PathParam("name") String name) {
        return store.get(name);
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    public Uni<Page<Site>> list(
            @QueryParam("limit") Integer limit,
            @QueryParam("after") String after,
            @QueryParam("region") String region,
            @QueryParam("tier") String tierName) {
        Map<String, Object> filters = new HashMap<>();
        filters.put("region", region);
        SiteTier tier = QueryEnums.parse(SiteTier.class, tierName, "tier");
        filters.put("tier", tier == null ? null : tier.name());
        return store.list(PageRequest.of(limit, after, limits.maxPageSize()), filters);
    }

    @PUT
    @Path("{name}")
    public Uni<Site> update(@PathParam("name") String name, Site site) {
        return store.update(name, site);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return store.delete(name).map(ignored -> Response.noContent().build());
    }
}
