package io.suanli.settlement.domain;

/** Why money moved. */
public enum EntryKind {
    /** An operator moves funding into a tenant's budget. */
    TOP_UP,
    /** A committed job's quote moves from the budget to the hold. */
    HOLD,
    /** Usage is charged: from the hold (and the budget beyond it) to the provider and the platform. */
    CAPTURE,
    /** What is left of a hold returns to the budget when the job ends or is cancelled. */
    RELEASE,
    /** A provider-caused failure gives charges back to the tenant. */
    REFUND,
    /** Undoes an entry exactly (its postings negated); a correction is a reversal plus a new entry. */
    REVERSAL,
    /** The new entry that follows a reversal. */
    CORRECTION;

    /** Whether entries of this kind are lines of the statement of the day they are posted in. */
    public boolean isStatementLine() {
        return this == REFUND || this == REVERSAL || this == CORRECTION;
    }
}
