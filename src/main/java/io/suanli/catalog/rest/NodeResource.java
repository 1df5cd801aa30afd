package io.suanli.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.service.NodeStore;
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
import java.util.Set;
import io.suanli.common.rest.CustomMethod;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Nodes of the estate, with their carbon series. */
@Path("/api/v1/nodes")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// Writes are the operators'; reads as annotated per method.
@RolesAllowed(Roles.OPERATOR)
public class NodeResource {

    private final NodeStore store;
    private final ApiLimits limits;

    public NodeResource(NodeStore store, ApiLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    @POST
    public Uni<Response> create(Node node) {
        return store.create(node).map(created -> Response.created(URI.create("/api/v1/nodes/" + created.name()))
                .entity(created)
                .build());
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    @Path("{name}")
    public Uni<Node> get(@PathParam("name") String name) {
        return store.get(name);
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    public Uni<Page<Node>> list(
            @QueryParam("limit") Integer limit,
            @QueryParam("after") String after,
            @QueryParam("site") String site,
            @QueryParam("state") String stateName,
            @QueryParam("gpuModel") String gpuModel) {
        Map<String, Object> filters = new HashMap<>();
        filters.put("site", site);
        NodeState state = QueryEnums.parse(NodeState.class, stateName, "state");
        filters.put("state", state == null ? null : state.name());
        filters.put("gpuModel", gpuModel);
        return store.list(PageRequest.of(limit, after, limits.maxPageSize()), filters);
    }

    /**
     * {@code POST /nodes/{name}:drain} stops new work from landing on the node;
     * {@code POST /nodes/{name}:undrain} puts it back into service.
     */
    @POST
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Drain or undrain a node", description = "POST /api/v1/nodes/{name}:drain or /api/v1/nodes/{name}:undrain")
    public Uni<Node> drainOrUndrain(@PathParam("name") String nameAndVerb) {
        CustomMethod method = CustomMethod.parse(nameAndVerb, Set.of("drain", "undrain"));
        return method.verb().equals("drain") ? store.drain(method.name()) : store.undrain(method.name());
    }

    @PUT
    @Path("{name}")
    public Uni<Node> update(@PathParam("name") String name, Node node) {
        return store.update(name, node);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return store.delete(name).map(ignored -> Response.noContent().build());
    }
}
