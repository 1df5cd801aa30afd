package io.suanli.settlement.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Whether the money of a range agrees everywhere: usage billed cost, ledger captures, statement
 * totals and the FOCUS export's BilledCost. Each figure is in minor units; {@code differences}
 * names every pair that disagrees and why it may (usage not settled yet, late usage billed in
 * another period).
 */
public record Reconciliation(
        Instant from,
        Instant to,
        String currency,
        long usageRecords,
        BigDecimal usageBilled,
        BigDecimal ledgerCaptured,
        BigDecimal unsettledUsage,
        BigDecimal statementTotal,
        BigDecimal focusBilledCost,
        Map<String, Long> ledgerSumByCurrency,
        boolean cachedBalancesAgree,
        List<String> differences,
        boolean agrees) {}
