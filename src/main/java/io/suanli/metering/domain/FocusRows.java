package io.suanli.metering.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * FinOps FOCUS 1.2 rows of a usage record: one row per priced resource (CPU core-hours, memory
 * GiB-hours, GPU-hours) with a quantity. Each row's cost is rounded half up; the record's own
 * rounded charge is what is billed, so any rounding remainder goes to the record's first row and
 * the rows of a record always add up to its billed cost. Energy and carbon are on the first row.
 */
public final class FocusRows {

    /** The header: all mandatory FOCUS 1.2 columns, the conditional ones we fill, and our x_ columns. */
    public static final List<String> COLUMNS = List.of(
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency",
            "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
            "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "ContractedUnitPrice",
            "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "ServiceProviderName", "HostProviderName", "ServiceCategory",
            "ServiceName", "ResourceId", "ResourceType", "RegionId", "RegionName", "ConsumedQuantity", "ConsumedUnit",
            "x_Tenant", "x_JobId", "x_Task", "x_Site", "x_Node", "x_GpuModel", "x_EnergyKWh", "x_CarbonKg", "x_UsageRecordId",
            "x_AdjustsPeriod");

    public static final String ISSUER = "Suanli City Compute Exchange";

    private FocusRows() {}

    /** One resource line of a record. */
    private record Part(String name, String unit, BigDecimal quantity, BigDecimal unitPrice) {}

    /** The CSV lines (each ending in a newline) of one record billed in {@code billingDay}. */
    public static void append(StringBuilder out, UsageRecord r, LocalDate billingDay, ZoneId zone) {
        List<Part> parts = new ArrayList<>(3);
        if (r.cpuCoreHours().signum() > 0) {
            parts.add(new Part("CPU", "Core-Hours", r.cpuCoreHours(), r.prices().cpuCore()));
        }
        if (r.memoryGiBHours().signum() > 0) {
            parts.add(new Part("Memory", "GiB-Hours", r.memoryGiBHours(), r.prices().memoryGiB()));
        }
        if (r.gpuHours().signum() > 0) {
            parts.add(new Part("GPU", "GPU-Hours", r.gpuHours(), r.prices().gpu()));
        }
        if (parts.isEmpty()) {
            parts.add(new Part("CPU", "Core-Hours", r.cpuCoreHours(), r.prices().cpuCore()));
        }
        int digits = Charges.minorDigits(r.currency());
        long[] minor = new long[parts.size()];
        long sum = 0;
        for (int i = 0; i < parts.size(); i++) {
            minor[i] = Charges.toMinor(parts.get(i).quantity().multiply(parts.get(i).unitPrice()), r.currency());
            sum += minor[i];
        }
        minor[0] += r.billedCostMinor() - sum;
        LocalDate monthStart = billingDay.withDayOfMonth(1);
        String periodStart = monthStart.atStartOfDay(zone).toInstant().toString();
        String periodEnd = monthStart.plusMonths(1).atStartOfDay(zone).toInstant().toString();
        boolean adjustment = !billingDay.equals(r.chargeDay());
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            String cost = BigDecimal.valueOf(minor[i], digits).toPlainString();
            String listCost = i == 0 ? BigDecimal.valueOf(minor[0] - (r.billedCostMinor() - r.listCostMinor()), digits).toPlainString() : cost;
            String quantity = p.quantity().stripTrailingZeros().toPlainString();
            String price = p.unitPrice().stripTrailingZeros().toPlainString();
            field(out, cost);
            field(out, r.tenant());
            field(out, r.tenant());
            field(out, "Department");
            field(out, r.currency());
            field(out, periodEnd);
            field(out, periodStart);
            field(out, adjustment ? "Adjustment" : "Usage");
            field(out, adjustment ? "Correction" : "");
            field(out, p.name() + " " + p.unit() + " of job " + r.jobId() + " task " + r.task() + " on " + r.node()
                    + (adjustment ? " (late usage of " + r.chargeDay() + ")" : ""));
            field(out, "Usage-Based");
            field(out, instant(r.endsAt()));
            field(out, instant(r.startsAt()));
            field(out, cost);
            field(out, price);
            field(out, cost);
            field(out, ISSUER);
            field(out, listCost);
            field(out, price);
            field(out, "Standard");
            field(out, quantity);
            field(out, p.unit());
            field(out, ISSUER);
            field(out, ISSUER);
            field(out, ISSUER);
            field(out, r.site());
            field(out, "Compute");
            field(out, "Suanli " + tierName(r.tier()));
            field(out, r.jobId() + "/" + r.task());
            field(out, "Job Task");
            field(out, r.region());
            field(out, r.region());
            field(out, quantity);
            field(out, p.unit());
            field(out, r.tenant());
            field(out, r.jobId());
            field(out, Integer.toString(r.task()));
            field(out, r.site());
            field(out, r.node());
            field(out, r.gpuModel() == null ? "" : r.gpuModel());
            field(out, i == 0 ? r.energyKWh().stripTrailingZeros().toPlainString() : "0");
            field(out, i == 0 ? r.carbonKg().stripTrailingZeros().toPlainString() : "0");
            field(out, r.eventId());
            out.append(adjustment ? r.chargeDay().toString() : "").append('\n');
        }
    }

    public static String header() {
        return String.join(",", COLUMNS) + "\n";
    }

    private static String tierName(String tier) {
        return switch (tier) {
            case "GENERAL" -> "General Compute";
            case "SUPERCOMPUTING" -> "Supercomputing";
            case "INTELLIGENT" -> "AI Compute";
            case "EDGE" -> "Edge Compute";
            default -> tier;
        };
    }

    private static String instant(Instant at) {
        return at.toString();
    }

    /** A CSV field and its comma; quoted when it holds a comma, quote or line break (RFC 4180). */
    private static void field(StringBuilder out, String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            out.append('"').append(value.replace("\"", "\"\"")).append('"');
        } else {
            out.append(value);
        }
        out.append(',');
    }

}
