package io.suanli.security;

import java.util.List;

/**
 * The roles a token may carry (its {@code groups} claim). Use the constants in
 * {@code @RolesAllowed} on REST resources and {@link GrpcRoles} on gRPC methods.
 */
public final class Roles {

    /** A department: submits, reads and cancels only its own tenant's jobs (the {@code tenant} claim). */
    public static final String TENANT = "tenant";
    /** Runs the exchange: the estate, all jobs, drains, prices, settings, scenario import. */
    public static final String OPERATOR = "operator";
    /** A billing system: reads usage, statements and exports of all tenants; changes nothing. */
    public static final String BILLING = "billing";
    /** A regulator or auditor: reads everything, the audit trail included; changes nothing. */
    public static final String REGULATOR = "regulator";
    /** In-process callers (scheduler, demo loader, lifecycle); never granted by a token. */
    public static final String SYSTEM = "system";

    /** Token roles in the order a caller holding several is recorded as (the most powerful first). */
    public static final List<String> BY_PRECEDENCE = List.of(OPERATOR, REGULATOR, BILLING, TENANT);

    private Roles() {}
}
