package io.suanli.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.Tenant;
import io.suanli.catalog.service.TenantStore;
import io.suanli.common.paging.Page;
import io.suanli.common.paging.PageRequest;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenants of the estate, with their carbon series. */
@Path("/api/v1/tenants")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// Writes are the operators'; reads as annotated per method.
@RolesAllowed(Roles.OPERATOR)
public class TenantResource {

    private final TenantStore store;
    private final ApiLimits limits;

    public TenantResource(TenantStore store, ApiLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    @POST
    public Uni<Response> create(Tenant tenant) {
        return store.create(tenant).map(created -> Response.created(URI.create("/api/v1/tenants/" + created.name()))
                .entity(created)
                .build());
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    @Path("{name}")
    public Uni<Tenant> get(@PathParam("name") String name) {
        return store.get(name);
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    public Uni<Page<Tenant>> list(@QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        return store.list(PageRequest.of(limit, after, limits.maxPageSize()), Map.of());
    }

    @PUT
    @Path("{name}")
    public Uni<Tenant> update(@PathParam("name") String name, Tenant tenant) {
        return store.update(name, tenant);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return store.delete(name).map(ignored -> Response.noContent().build());
    }
}
