package io.suanli.metering.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * FinOps FOCUS 1.2 rows of a usage record: one row per priced resource (CPU core-hours, memory
 * GiB-hours, GPU-hours) with a quantity. Each row's cost is rounded half up; the record's own
 * rounded charge is what is billed, so any rounding remainder goes to the record's first row and
 * the rows of a record always add up to its billed cost. Energy and carbon are on the first row.
 * FOCUS wants one row per charge with one pricing unit (PricingQuantity, PricingUnit and
 * ListUnitPrice are per row), so a record priced for three resources is three rows.
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

    /** The priced resources in row order: CPU core-hours, memory GiB-hours, GPU-hours. */
    private static final String[] NAMES = {"CPU", "Memory", "GPU"};
    private static final String[] UNITS = {"Core-Hours", "GiB-Hours", "GPU-Hours"};
    private static final String PROVIDERS = ISSUER + "," + ISSUER + "," + ISSUER + ",";

    private final ZoneId zone;
    // Caches of what consecutive records share (the export reads them in start order): one
    // FocusRows renders one export, on one thread at a time.
    private LocalDate periodMonth;
    private String periodFields;
    private Instant lastInstant;
    private String lastInstantText;
    private Instant otherInstant;
    private String otherInstantText;

    /** A renderer for the billing periods of {@code zone}; not shared between threads. */
    public FocusRows(ZoneId zone) {
        this.zone = zone;
    }

    /** The CSV lines (each ending in a newline) of one record billed in {@code billingDay}. */
    public void append(StringBuilder out, UsageRecord r, LocalDate billingDay) {
        BigDecimal[] quantities = {r.cpuCoreHours(), r.memoryGiBHours(), r.gpuHours()};
        BigDecimal[] prices = {r.prices().cpuCore(), r.prices().memoryGiB(), r.prices().gpu()};
        int[] parts = new int[3];
        int count = 0;
        for (int i = 0; i < 3; i++) {
            if (quantities[i].signum() > 0) {
                parts[count++] = i;
            }
        }
        if (count == 0) {
            parts[count++] = 0;
        }
        int digits = Charges.minorDigits(r.currency());
        long[] minor = new long[count];
        long sum = 0;
        for (int i = 0; i < count; i++) {
            minor[i] = Charges.toMinor(quantities[parts[i]].multiply(prices[parts[i]]), r.currency());
            sum += minor[i];
        }
        minor[0] += r.billedCostMinor() - sum;
        boolean adjustment = !billingDay.equals(r.chargeDay());

        // What all rows of the record share, escaped once.
        StringBuilder shared = new StringBuilder(160);
        field(shared, r.tenant());
        field(shared, r.tenant());
        shared.append("Department,");
        field(shared, r.currency());
        shared.append(periodFields(billingDay));
        shared.append(adjustment ? "Adjustment,Correction," : "Usage,,");
        String account = shared.toString();
        shared.setLength(0);
        shared.append("Usage-Based,").append(instant(r.endsAt())).append(',').append(instant(r.startsAt())).append(',');
        String chargePeriod = shared.toString();
        shared.setLength(0);
        shared.append(PROVIDERS);
        field(shared, r.site());
        shared.append("Compute,");
        field(shared, "Suanli " + tierName(r.tier()));
        field(shared, r.jobId() + "/" + r.task());
        shared.append("Job Task,");
        field(shared, r.region());
        field(shared, r.region());
        String resource = shared.toString();
        shared.setLength(0);
        field(shared, r.tenant());
        field(shared, r.jobId());
        shared.append(r.task()).append(',');
        field(shared, r.site());
        field(shared, r.node());
        field(shared, r.gpuModel() == null ? "" : r.gpuModel());
        String job = shared.toString();
        shared.setLength(0);
        field(shared, r.eventId());
        shared.append(adjustment ? r.chargeDay().toString() : "").append('\n');
        String end = shared.toString();
        String describedJob = " of job " + r.jobId() + " task " + r.task() + " on " + r.node()
                + (adjustment ? " (late usage of " + r.chargeDay() + ")" : "");

        for (int i = 0; i < count; i++) {
            int part = parts[i];
            String unit = UNITS[part];
            int costAt = out.length();
            minorUnits(out, minor[i], digits);
            String cost = out.substring(costAt);
            out.append(',');
            String quantity = plain(quantities[part]);
            String price = plain(prices[part]);
            out.append(account);
            field(out, NAMES[part] + " " + unit + describedJob);
            out.append(chargePeriod);
            out.append(cost).append(',').append(price).append(',').append(cost).append(',').append(ISSUER).append(',');
            if (i == 0) {
                minorUnits(out, minor[0] - (r.billedCostMinor() - r.listCostMinor()), digits);
            } else {
                out.append(cost);
            }
            out.append(',').append(price).append(",Standard,").append(quantity).append(',').append(unit).append(',');
            out.append(resource);
            out.append(quantity).append(',').append(unit).append(',');
            out.append(job);
            if (i == 0) {
                out.append(plain(r.energyKWh())).append(',').append(plain(r.carbonKg())).append(',');
            } else {
                out.append("0,0,");
            }
            out.append(end);
        }
    }

    /** The BillingPeriodEnd and BillingPeriodStart fields of the month of {@code billingDay}, kept while the month repeats. */
    private String periodFields(LocalDate billingDay) {
        LocalDate month = billingDay.withDayOfMonth(1);
        if (!month.equals(periodMonth)) {
            periodFields = month.plusMonths(1).atStartOfDay(zone).toInstant() + "," + month.atStartOfDay(zone).toInstant() + ",";
            periodMonth = month;
        }
        return periodFields;
    }

    /** An instant in ISO form; the last two are kept (a record's start and end repeat in the next records). */
    private String instant(Instant at) {
        if (at.equals(lastInstant)) {
            return lastInstantText;
        }
        if (at.equals(otherInstant)) {
            return otherInstantText;
        }
        otherInstant = lastInstant;
        otherInstantText = lastInstantText;
        lastInstant = at;
        lastInstantText = at.toString();
        return lastInstantText;
    }

    /** {@code minor} units with {@code digits} decimals, as {@code BigDecimal.valueOf(minor, digits).toPlainString()} writes them. */
    public static void minorUnits(StringBuilder out, long minor, int digits) {
        if (digits == 0) {
            out.append(minor);
            return;
        }
        if (minor < 0) {
            out.append('-');
        }
        String units = Long.toString(Math.abs(minor));
        if (units.length() <= digits) {
            out.append("0.");
            for (int i = units.length(); i < digits; i++) {
                out.append('0');
            }
            out.append(units);
        } else {
            out.append(units, 0, units.length() - digits).append('.').append(units, units.length() - digits, units.length());
        }
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
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
