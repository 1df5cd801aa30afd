package io.suanli.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.SiteLatency;
import io.suanli.catalog.service.LatencyStore;
import io.suanli.common.paging.Page;
import io.suanli.common.paging.PageRequest;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Latency between sites; a pair is addressed as {@code /latencies/{from}/{to}} in either order. */
@Path("/api/v1/latencies")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// Writes are the operators'; reads as annotated per method.
@RolesAllowed(Roles.OPERATOR)
public class LatencyResource {

    private final LatencyStore store;
    private final ApiLimits limits;

    public LatencyResource(LatencyStore store, ApiLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Sets the latency of a pair: 201 when the pair is new, 200 when it replaced a value. */
    @PUT
    @Path("{from}/{to}")
    public Uni<Response> put(@PathParam("from") String from, @PathParam("to") String to, SiteLatency body) {
        SiteLatency latency = new SiteLatency(from, to, body == null ? null : body.ms());
        return store.put(latency).map(created -> (created
                        ? Response.created(URI.create("/api/v1/latencies/" + from + "/" + to))
                        : Response.ok())
                .entity(latency)
                .build());
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    @Path("{from}/{to}")
    public Uni<SiteLatency> get(@PathParam("from") String from, @PathParam("to") String to) {
        return store.get(from, to);
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    public Uni<Page<SiteLatency>> list(
            @QueryParam("limit") Integer limit, @QueryParam("after") String after, @QueryParam("site") String site) {
        return store.list(PageRequest.of(limit, after, limits.maxPageSize()), site);
    }

    @DELETE
    @Path("{from}/{to}")
    public Uni<Response> delete(@PathParam("from") String from, @PathParam("to") String to) {
        return store.delete(from, to).map(ignored -> Response.noContent().build());
    }
}
