package io.suanli.settlement.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a tenant owes or a provider earned in one day or month of the exchange's time zone, with
 * totals by site, resource and GPU model, energy and carbon. Late usage of a closed period is in
 * {@code adjustments}, each naming the day it ran. The invoice id is derived from party and
 * period, so it is the same every time the statement is read.
 *
 * <p>{@code billed} is the usage of the period. The ledger's refunds, reversals and corrections
 * posted in the period that change what was charged are {@code ledgerLines} (negative: money back
 * to the tenant); {@code total} = {@code billed} + their sum is what the ledger charged.
 */
public record Statement(
        String invoiceId,
        String partyKind,
        String party,
        String periodKind,
        LocalDate periodStart,
        LocalDate periodEnd,
        Instant startsAt,
        Instant endsAt,
        String status,
        String currency,
        BigDecimal billed,
        long billedMinor,
        long records,
        Totals totals,
        List<SiteLine> bySite,
        List<GpuLine> byGpuModel,
        List<Adjustment> adjustments,
        List<LedgerLine> ledgerLines,
        BigDecimal ledgerAdjusted,
        BigDecimal total,
        long totalMinor) {

    /** Quantities, energy and carbon. */
    public record Totals(BigDecimal cpuCoreHours, BigDecimal memoryGiBHours, BigDecimal gpuHours, BigDecimal energyKWh,
            BigDecimal carbonKg) {}

    public record SiteLine(String site, String region, long records, BigDecimal billed, Totals totals) {}

    public record GpuLine(String gpuModel, BigDecimal gpuHours, BigDecimal billed) {}

    /** Usage of an earlier, closed day billed in this period. */
    public record Adjustment(LocalDate forDay, long records, BigDecimal billed) {}

    /**
     * A refund, reversal or correction posted in this period: {@code amount} is what it changed the
     * charges by (revenue and fee postings; negative gives money back). A reversal names the entry
     * it reverses.
     */
    public record LedgerLine(long entryId, String kind, String jobId, Long reverses, Instant postedAt, LocalDate day,
            String description, BigDecimal amount, long amountMinor) {}
}
