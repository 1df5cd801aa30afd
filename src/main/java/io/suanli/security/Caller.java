package io.suanli.security;

import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import java.util.Objects;

/**
 * Who is asking: the token's subject, its role and, for the {@code tenant} role, the one tenant it
 * acts for. Services take a Caller to scope what they show and accept; the audit trail records it.
 * A tenant caller sees another tenant's objects as missing (404) and is refused (403) when it names
 * another tenant; every other role is not tenant-bound.
 */
public record Caller(String subject, String role, String tenant) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        if (Roles.TENANT.equals(role) && (tenant == null || tenant.isBlank())) {
            throw new IllegalArgumentException("a tenant caller needs a tenant");
        }
    }

    /** An in-process caller (scheduler, demo loader, lifecycle timers), named for the audit trail. */
    public static Caller system(String component) {
        return new Caller("system:" + component, Roles.SYSTEM, null);
    }

    public static Caller operator(String subject) {
        return new Caller(subject, Roles.OPERATOR, null);
    }

    public static Caller tenant(String subject, String tenant) {
        return new Caller(subject, Roles.TENANT, tenant);
    }

    /** True when this caller may only see and act on its own tenant's objects. */
    public boolean tenantBound() {
        return Roles.TENANT.equals(role);
    }

    /** Whether an object owned by {@code ownerTenant} exists for this caller (else: answer 404). */
    public boolean maySee(String ownerTenant) {
        return !tenantBound() || tenant.equals(ownerTenant);
    }

    /** Refuses (403) a tenant caller that names another tenant, e.g. in a submitted body. */
    public void requireActsFor(String namedTenant, String field) {
        if (tenantBound() && namedTenant != null && !tenant.equals(namedTenant)) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    field + ": this token acts for tenant '" + tenant + "' only",
                    java.util.List.of(new io.suanli.common.problem.FieldError(field, "names another tenant")));
        }
    }

    /**
     * The tenant filter a list or feed runs with: a tenant caller sees its own tenant whatever it
     * asked for (naming another is 403); other callers get what they asked for (null for all).
     */
    public String scopeTenant(String requested, String field) {
        if (!tenantBound()) {
            return requested;
        }
        requireActsFor(requested, field);
        return tenant;
    }
}
