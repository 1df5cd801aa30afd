package io.suanli.security;

import static io.suanli.security.Roles.BILLING;
import static io.suanli.security.Roles.OPERATOR;
import static io.suanli.security.Roles.REGULATOR;
import static io.suanli.security.Roles.TENANT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The expected access of every REST operation and gRPC method: which roles may call it and how a
 * tenant caller is scoped there. {@link SecurityMatrixTest} checks each against the running
 * application and FAILS for an operation or method the application has and this table lacks.
 * Adding an endpoint means adding its line here.
 */
final class AccessRules {

    /** How a tenant token meets another tenant's objects at an operation (for tenant-allowed ones). */
    enum TenantScope {
        /** Tenants may not call it at all (403 for every tenant token). */
        NOT_FOR_TENANTS,
        /** The path names one job ({@code {id}}): another tenant's job answers 404. */
        OWN_JOB,
        /** A list or feed with {@code ?tenant=}: naming another tenant is 403, none shows only its own. */
        OWN_LIST,
        /** The body names the tenant: another tenant is 403. */
        OWN_BODY,
        /**
         * The path or query names the one tenant whose data it answers (a budget, a statement):
         * another tenant is 403 whether it exists or not; its own answers.
         */
        OWN_NAMED,
        /** Shared estate information every tenant may read (regions, sites, nodes, latency, settings). */
        SHARED
    }

    record Access(Set<String> roles, TenantScope scope) {}

    private static final Set<String> ALL = Set.of(TENANT, OPERATOR, BILLING, REGULATOR);
    private static final Set<String> ESTATE_READERS = ALL;
    private static final Set<String> OPS = Set.of(OPERATOR);
    private static final Set<String> JOB_READERS = Set.of(TENANT, OPERATOR, REGULATOR);
    private static final Set<String> JOB_WRITERS = Set.of(TENANT, OPERATOR);

    /** "METHOD /path" for REST, "grpc service/Method" for gRPC. */
    static final Map<String, Access> RULES = new LinkedHashMap<>();

    static {
        rest("GET /api/v1/audit", Set.of(REGULATOR, OPERATOR));
        rest("GET /api/v1/audit/verify", Set.of(REGULATOR, OPERATOR));

        tenantScoped("POST /api/v1/jobs", JOB_WRITERS, TenantScope.OWN_BODY);
        tenantScoped("GET /api/v1/jobs", JOB_READERS, TenantScope.OWN_LIST);
        tenantScoped("GET /api/v1/jobs/{id}", JOB_READERS, TenantScope.OWN_JOB);
        tenantScoped("POST /api/v1/jobs/{id}", JOB_WRITERS, TenantScope.OWN_JOB);
        tenantScoped("GET /api/v1/jobs/{id}/events", JOB_READERS, TenantScope.OWN_JOB);
        tenantScoped("GET /api/v1/job-events", JOB_READERS, TenantScope.OWN_LIST);
        tenantScoped("GET /api/v1/jobs/{id}/placement", JOB_READERS, TenantScope.OWN_JOB);

        // The live allocation of the whole estate and the operator's dashboard: not for tenants.
        rest("GET /api/v1/allocation", Set.of(OPERATOR, REGULATOR));
        rest("GET /api/v1/allocation/stream", Set.of(OPERATOR, REGULATOR));
        rest("GET /api/v1/scheduler", Set.of(OPERATOR, REGULATOR));
        rest("GET /api/v1/scheduler/snapshot", Set.of(OPERATOR, REGULATOR));
        for (String view : new String[] {"estate", "sites/{name}", "queue", "jobs/{id}", "tenants", "stream"}) {
            rest("GET /api/v1/dashboard/" + view, Set.of(OPERATOR, REGULATOR));
        }

        for (String kind : new String[] {"regions", "sites", "nodes"}) {
            shared("GET /api/v1/" + kind);
            shared("GET /api/v1/" + kind + "/{name}");
            rest("POST /api/v1/" + kind, OPS);
            rest("PUT /api/v1/" + kind + "/{name}", OPS);
            rest("DELETE /api/v1/" + kind + "/{name}", OPS);
        }
        rest("POST /api/v1/nodes/{name}", OPS);
        rest("GET /api/v1/tenants", Set.of(OPERATOR, BILLING, REGULATOR));
        rest("GET /api/v1/tenants/{name}", Set.of(OPERATOR, BILLING, REGULATOR));
        rest("POST /api/v1/tenants", OPS);
        rest("PUT /api/v1/tenants/{name}", OPS);
        rest("DELETE /api/v1/tenants/{name}", OPS);
        shared("GET /api/v1/latencies");
        shared("GET /api/v1/latencies/{from}/{to}");
        rest("PUT /api/v1/latencies/{from}/{to}", OPS);
        rest("DELETE /api/v1/latencies/{from}/{to}", OPS);
        shared("GET /api/v1/settings");
        rest("PUT /api/v1/settings", OPS);
        rest("POST /api/v1/scenarios", OPS);
        rest("GET /api/v1/scenarios/current", Set.of(OPERATOR, REGULATOR));

        // Usage, statements and the ledger: billing systems, operators and regulators read; operators change.
        // A tenant reads its own usage, statements and budget; the ledger, reconciliation and reports are not for tenants.
        Set<String> moneyReaders = Set.of(BILLING, OPERATOR, REGULATOR);
        Set<String> ownMoneyReaders = Set.of(TENANT, BILLING, OPERATOR, REGULATOR);
        rest("POST /api/v1/{collection}", OPS);
        tenantScoped("GET /api/v1/usage", ownMoneyReaders, TenantScope.OWN_LIST);
        tenantScoped("GET /api/v1/usage.csv", ownMoneyReaders, TenantScope.OWN_LIST);
        tenantScoped("GET /api/v1/settlement/budgets/{tenant}", ownMoneyReaders, TenantScope.OWN_NAMED);
        rest("POST /api/v1/settlement/budgets/{tenant}", OPS);
        rest("POST /api/v1/settlement/{collection}", OPS);
        rest("GET /api/v1/settlement/ledger/audit", moneyReaders);
        tenantScoped("GET /api/v1/settlement/statements", ownMoneyReaders, TenantScope.OWN_NAMED);
        rest("POST /api/v1/settlement/periods/{day}", OPS);
        rest("GET /api/v1/settlement/reconciliation", moneyReaders);
        rest("GET /api/v1/reports/usage", moneyReaders);
        rest("GET /api/v1/settlement/entries/{id}", moneyReaders);
        rest("POST /api/v1/settlement/entries/{id}", OPS);
        rest("grpc suanli.v1.MeteringService/ReportUsage", OPS);
        tenantScoped("grpc suanli.v1.MeteringService/PullUsage", ownMoneyReaders, TenantScope.OWN_LIST);

        tenantScoped("grpc suanli.v1.JobService/SubmitJob", JOB_WRITERS, TenantScope.OWN_BODY);
        tenantScoped("grpc suanli.v1.JobService/SubmitJobs", JOB_WRITERS, TenantScope.OWN_BODY);
        tenantScoped("grpc suanli.v1.JobService/GetJob", JOB_READERS, TenantScope.OWN_JOB);
        tenantScoped("grpc suanli.v1.JobService/ListJobs", JOB_READERS, TenantScope.OWN_LIST);
        tenantScoped("grpc suanli.v1.JobService/CancelJob", JOB_WRITERS, TenantScope.OWN_JOB);
        tenantScoped("grpc suanli.v1.JobService/WatchJobs", JOB_READERS, TenantScope.OWN_LIST);
    }

    private static void rest(String operation, Set<String> roles) {
        RULES.put(operation, new Access(roles, roles.contains(TENANT) ? TenantScope.SHARED : TenantScope.NOT_FOR_TENANTS));
    }

    private static void shared(String operation) {
        RULES.put(operation, new Access(ESTATE_READERS, TenantScope.SHARED));
    }

    private static void tenantScoped(String operation, Set<String> roles, TenantScope scope) {
        RULES.put(operation, new Access(roles, scope));
    }

    private AccessRules() {}
}
