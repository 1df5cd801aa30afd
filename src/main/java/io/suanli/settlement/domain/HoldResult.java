package io.suanli.settlement.domain;

/**
 * The answer to a budget hold at commit.
 *
 * @param taken whether the job may be committed (a hold is in place)
 * @param heldMinor what is held for the job now
 * @param availableMinor the tenant's available budget after the hold (or when refused, before)
 * @param reason why a hold was refused ({@code insufficient budget: ...}), null when taken
 */
public record HoldResult(boolean taken, long heldMinor, long availableMinor, String reason) {

    public static final String INSUFFICIENT = "insufficient budget";
}
