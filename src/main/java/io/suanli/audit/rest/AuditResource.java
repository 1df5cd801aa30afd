package io.suanli.audit.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.service.AuditQueries;
import io.suanli.catalog.rest.ApiLimits;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.paging.PageRequest;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The audit trail for regulators (and operators, who answer for the exchange and must be able to
 * check it too): every state-changing action in commit order, and a verification of the chain.
 */
@Path("/api/v1/audit")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.REGULATOR, Roles.OPERATOR})
public class AuditResource {

    private final AuditQueries queries;
    private final ApiLimits limits;

    public AuditResource(AuditQueries queries, ApiLimits limits) {
        this.queries = queries;
        this.limits = limits;
    }

    /** A page of the audit trail and the position to read on from. */
    public record AuditPage(List<Map<String, Object>> items, String next) {}

    @GET
    public Uni<AuditPage> read(@QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        int size = PageRequest.of(limit, null, limits.maxPageSize()).limit();
        return queries.read(FeedPosition.decode(after, "after"), size)
                .map(page -> new AuditPage(page.items(), page.next().encode()));
    }

    /** Recomputes the whole chain; {@code intact} false names the first record that breaks it. */
    @GET
    @Path("verify")
    public Uni<AuditQueries.Verification> verify() {
        return queries.verify();
    }
}
