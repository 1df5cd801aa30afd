package io.suanli.settlement.domain;

/** The kinds of ledger account; see docs/settlement.md for what each balance means. */
public enum AccountKind {
    /** The city's funding: goes negative by what it has issued to tenant budgets. */
    FUNDING,
    /** A tenant's available budget. */
    TENANT_BUDGET,
    /** What is held from a tenant's budget for committed jobs. */
    TENANT_HOLD,
    /** What the exchange owes a site's operator for work run there. */
    PROVIDER_REVENUE,
    /** The platform's fees. */
    PLATFORM_FEES
}
