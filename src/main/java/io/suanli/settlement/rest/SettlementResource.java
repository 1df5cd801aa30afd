package io.suanli.settlement.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.rest.CustomMethod;
import io.suanli.common.rest.QueryEnums;
import io.suanli.common.time.TimeRange;
import io.suanli.settlement.domain.Reconciliation;
import io.suanli.settlement.domain.Statement;
import io.suanli.settlement.service.BudgetService;
import io.suanli.settlement.service.LedgerAudit;
import io.suanli.settlement.service.PeriodService;
import io.suanli.settlement.service.ReconciliationService;
import io.suanli.settlement.service.StatementService;
import io.suanli.settlement.service.UsageSettler;
import io.suanli.security.Caller;
import io.suanli.security.CallerResolver;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Budgets, the ledger's health, statements, period closing and reconciliation. */
@Path("/api/v1/settlement")
@Tag(name = "settlement")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {

    private final BudgetService budgets;
    private final LedgerAudit audit;
    private final UsageSettler settler;
    private final StatementService statements;
    private final PeriodService periods;
    private final ReconciliationService reconciliation;
    private final CallerResolver callers;

    public SettlementResource(BudgetService budgets, LedgerAudit audit, UsageSettler settler, StatementService statements,
            PeriodService periods, ReconciliationService reconciliation, CallerResolver callers) {
        this.budgets = budgets;
        this.audit = audit;
        this.settler = settler;
        this.statements = statements;
        this.periods = periods;
        this.reconciliation = reconciliation;
        this.callers = callers;
    }

    /** A tenant's budget; a tenant token reads only its own (another tenant's is 403). */
    @RolesAllowed({Roles.TENANT, Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    @GET
    @Path("budgets/{tenant}")
    public Uni<BudgetService.Budget> budget(@PathParam("tenant") String tenant) {
        return budgets.budget(callers.current(), tenant);
    }

    /** {@code POST /budgets/{tenant}:top-up}: moves funding into the tenant's budget and enforces it from then on. */
    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("budgets/{tenant}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Top up a tenant's budget", description = "POST /api/v1/settlement/budgets/{tenant}:top-up")
    public Uni<BudgetService.Budget> topUp(@PathParam("tenant") String tenantAndVerb, TopUp body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        CustomMethod method = CustomMethod.parse(tenantAndVerb, Set.of("top-up"));
        if (body == null) {
            throw ProblemException.malformed("amount", "a JSON object with an amount is required");
        }
        return budgets.topUp(callers.current(), method.name(), body.amount(), idempotencyKey);
    }

    /** {@code POST /usage:settle}: settles all committed usage into the ledger now (it also runs on a timer). */
    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("{collection}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Settle usage now", description = "POST /api/v1/settlement/usage:settle")
    public Uni<UsageSettler.Settled> settle(@PathParam("collection") String collectionAndVerb) {
        CustomMethod method = CustomMethod.parse(collectionAndVerb, Set.of("settle"));
        if (!method.name().equals("usage")) {
            throw ProblemException.notFound("collection", method.name());
        }
        Caller caller = callers.current();
        return settler.settleAll(caller).call(() -> settler.releaseEnded(caller));
    }

    /** Every currency's postings sum to zero and every cached balance equals its postings. */
    @RolesAllowed({Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    @GET
    @Path("ledger/audit")
    public Uni<LedgerAudit.Result> ledgerAudit() {
        return audit.check();
    }

    /** A tenant's or provider's statement; a tenant token reads only its own tenant's ({@code name} defaults to it). */
    @RolesAllowed({Roles.TENANT, Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    @GET
    @Path("statements")
    public Uni<Statement> statement(@QueryParam("party") String party, @QueryParam("name") String name,
            @QueryParam("period") String period, @QueryParam("date") String date) {
        StatementService.PartyKind partyKind = required("party", QueryEnums.parse(StatementService.PartyKind.class, upper(party), "party"));
        StatementService.PeriodKind periodKind = required("period", QueryEnums.parse(StatementService.PeriodKind.class, upper(period), "period"));
        return statements.statement(callers.current(), partyKind, name, periodKind, day("date", date));
    }

    /** {@code POST /periods/{day}:close}: closes a statement day that has ended. */
    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("periods/{day}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Close a statement day", description = "POST /api/v1/settlement/periods/{day}:close")
    public Uni<Map<String, Object>> close(@PathParam("day") String dayAndVerb) {
        CustomMethod method = CustomMethod.parse(dayAndVerb, Set.of("close"));
        return periods.close(callers.current(), day("day", method.name())).map(day -> Map.of("day", day.toString(), "status", "CLOSED"));
    }

    @RolesAllowed({Roles.BILLING, Roles.OPERATOR, Roles.REGULATOR})
    @GET
    @Path("reconciliation")
    public Uni<Reconciliation> reconcile(@QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = TimeRange.parse(from, to);
        return reconciliation.reconcile(range.from(), range.to());
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw ProblemException.malformed(field, "is required");
        }
        return value;
    }

    private static LocalDate day(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.malformed(field, "is required: a day such as 2026-11-28");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.malformed(field, "'" + value + "' is not a day such as 2026-11-28");
        }
    }
}
