package io.suanli.settlement.domain;

/** A ledger account: its id says whose and what it is, e.g. {@code budget:transport}. */
public record Account(String id, AccountKind kind, String owner) {

    public static final Account FUNDING = new Account("funding", AccountKind.FUNDING, null);
    public static final Account FEES = new Account("fees", AccountKind.PLATFORM_FEES, null);

    public static Account budget(String tenant) {
        return new Account("budget:" + tenant, AccountKind.TENANT_BUDGET, tenant);
    }

    public static Account hold(String tenant) {
        return new Account("hold:" + tenant, AccountKind.TENANT_HOLD, tenant);
    }

    public static Account revenue(String site) {
        return new Account("revenue:" + site, AccountKind.PROVIDER_REVENUE, site);
    }
}
