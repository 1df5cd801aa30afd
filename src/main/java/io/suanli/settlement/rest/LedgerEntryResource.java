package io.suanli.settlement.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.rest.CustomMethod;
import io.suanli.security.CallerResolver;
import io.suanli.security.Roles;
import io.suanli.settlement.domain.StoredEntry;
import io.suanli.settlement.service.LedgerCorrections;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Single ledger entries: read one, and correct one by a reversal (plus a corrected entry). */
@Path("/api/v1/settlement/entries")
@Tag(name = "settlement")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerEntryResource {

    private final LedgerCorrections corrections;
    private final CallerResolver callers;

    public LedgerEntryResource(LedgerCorrections corrections, CallerResolver callers) {
        this.corrections = corrections;
        this.callers = callers;
    }

    @RolesAllowed({Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    @GET
    @Path("{id}")
    public Uni<StoredEntry> entry(@PathParam("id") String id) {
        return corrections.entry(entryId(id));
    }

    /** {@code POST /entries/{id}:reverse}: posts the entry's reversal and, with an amount, its correction. */
    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reverse (and optionally correct) a ledger entry", description = "POST /api/v1/settlement/entries/{id}:reverse")
    public Uni<LedgerCorrections.Reversal> reverse(@PathParam("id") String idAndVerb, ReverseEntry body) {
        CustomMethod method = CustomMethod.parse(idAndVerb, Set.of("reverse"));
        if (body == null) {
            throw ProblemException.malformed("reason", "a JSON object with a reason is required");
        }
        return corrections.reverse(callers.current(), entryId(method.name()), body.reason(), body.amount());
    }

    private static long entryId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.malformed("id", "'" + value + "' is not a ledger entry id (a number)");
        }
    }
}
