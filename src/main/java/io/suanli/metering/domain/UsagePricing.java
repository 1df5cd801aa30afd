package io.suanli.metering.domain;

import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.UnitPrices;
import io.suanli.common.problem.Violations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Checks a usage report against the job it is for and turns it into a priced record: energy is
 * IT power × time × the site's PUE, carbon is energy × the region's intensity of each hour it
 * spans, and the charge is quantity × the unit prices locked at commit, rounded once.
 */
public final class UsagePricing {

    /** Quantities are kept to 9 decimals (a core-second is 0.000277778 core-hours). */
    public static final int QUANTITY_SCALE = 9;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal WATTS_PER_KW = BigDecimal.valueOf(1000);

    private UsagePricing() {}

    /**
     * Adds every rule {@code report} breaks to {@code v} under {@code path}; {@code run} is null
     * when the job does not exist or has no committed plan.
     */
    public static void check(String path, UsageReport report, JobRun run, String currency, Violations v) {
        if (v.required(path + "id", report.id()) && (report.id().isBlank() || report.id().length() > 200)) {
            v.add(path + "id", "has 1 to 200 characters");
        }
        if (v.required(path + "jobId", report.jobId()) && run == null) {
            v.add(path + "jobId", "unknown job '" + report.jobId() + "', or it has no committed plan");
        }
        if (v.required(path + "task", report.task()) && run != null && !run.tasks().containsKey(report.task())) {
            v.add(path + "task", "job '" + report.jobId() + "' has no task " + report.task());
        }
        boolean interval = v.required(path + "startsAt", report.startsAt()) & v.required(path + "endsAt", report.endsAt());
        if (interval && !report.endsAt().isAfter(report.startsAt())) {
            v.add(path + "endsAt", "must be after startsAt");
            interval = false;
        }
        if (interval && run != null && (report.startsAt().isBefore(run.runStartsAt()) || report.endsAt().isAfter(run.runEndsAt()))) {
            v.add(path + "startsAt", "interval " + report.startsAt() + ".." + report.endsAt() + " lies outside the job's run "
                    + run.runStartsAt() + ".." + run.runEndsAt());
            interval = false;
        }
        long seconds = interval ? Duration.between(report.startsAt(), report.endsAt()).toSeconds() : 0;
        quantity(path + "cpuCoreHours", report.cpuCoreHours(), run == null ? -1 : run.cpuCoresPerTask(), seconds, v);
        quantity(path + "memoryGiBHours", report.memoryGiBHours(), run == null ? -1 : run.memoryGiBPerTask(), seconds, v);
        quantity(path + "gpuHours", report.gpuHours(), run == null ? -1 : run.gpusPerTask(), seconds, v);
        if (v.required(path + "currency", report.currency()) && !report.currency().equals(currency)) {
            v.add(path + "currency", "'" + report.currency() + "' is not the exchange currency " + currency);
        }
    }

    /** Non-negative, at most 9 decimals, and no more than the task's resources over the interval. */
    private static void quantity(String field, BigDecimal value, double perTask, long seconds, Violations v) {
        if (!v.required(field, value)) {
            return;
        }
        if (value.signum() < 0) {
            v.add(field, value.toPlainString() + " is negative");
        } else if (value.stripTrailingZeros().scale() > QUANTITY_SCALE) {
            v.add(field, value.toPlainString() + " has more than " + QUANTITY_SCALE + " decimals");
        } else if (perTask >= 0 && seconds > 0
                && value.multiply(SECONDS_PER_HOUR).compareTo(BigDecimal.valueOf(perTask).multiply(BigDecimal.valueOf(seconds))) > 0) {
            v.add(field, value.toPlainString() + " is more than the task's " + perTask + " per hour over the interval");
        }
    }

    /** The priced record of a report that passed {@link #check}. */
    public static UsageRecord price(UsageReport report, JobRun run, UsageRecord.Source source, ZoneId zone, Instant now) {
        JobRun.TaskPlacement placement = run.tasks().get(report.task());
        Node node = placement.node();
        UnitPrices prices = placement.prices();
        BigDecimal itKw = report.cpuCoreHours().multiply(BigDecimal.valueOf(node.powerWatts().cpuCore()))
                .add(report.gpuHours().multiply(BigDecimal.valueOf(node.powerWatts().gpu())))
                .divide(WATTS_PER_KW);
        BigDecimal energy = itKw.multiply(BigDecimal.valueOf(run.site().pue())).setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
        BigDecimal carbon = carbonKg(energy, report.startsAt(), report.endsAt(), run);
        long cost = Charges.toMinor(Charges.exactCost(report.cpuCoreHours(), report.memoryGiBHours(), report.gpuHours(), prices),
                report.currency());
        return new UsageRecord(report.id(), source, run.jobId(), run.attempt(), report.task(), run.tenant(), run.site().name(),
                run.region().name(), run.site().tier().name(), node.name(), node.gpus() > 0 ? node.gpuModel() : null,
                report.startsAt(), report.endsAt(), scaled(report.cpuCoreHours()), scaled(report.memoryGiBHours()),
                scaled(report.gpuHours()), energy, carbon, prices, report.currency(), cost, cost,
                report.startsAt().atZone(zone).toLocalDate(), now);
    }

    /** Energy spread evenly over the interval, each hour's part at that hour's grid intensity (g/kWh). */
    static BigDecimal carbonKg(BigDecimal energyKWh, Instant from, Instant to, JobRun run) {
        double total = Duration.between(from, to).toMillis();
        double grams = 0;
        Instant cursor = from;
        while (cursor.isBefore(to)) {
            Instant hourEnd = Instant.ofEpochSecond(Math.floorDiv(cursor.getEpochSecond(), 3600) * 3600 + 3600);
            Instant partEnd = hourEnd.isBefore(to) ? hourEnd : to;
            double share = Duration.between(cursor, partEnd).toMillis() / total;
            grams += energyKWh.doubleValue() * share * run.region().intensityAt(cursor);
            cursor = partEnd;
        }
        return BigDecimal.valueOf(grams / 1000.0).setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal scaled(BigDecimal quantity) {
        return quantity.setScale(QUANTITY_SCALE, RoundingMode.UNNECESSARY);
    }

    /** What makes two reports with one id "the same": every field the reporter sent, canonically. */
    public static byte[] digest(UsageReport r) {
        String canonical = String.join("\n", r.id(), r.jobId(), String.valueOf(r.task()), String.valueOf(r.startsAt()),
                String.valueOf(r.endsAt()), plain(r.cpuCoreHours()), plain(r.memoryGiBHours()), plain(r.gpuHours()), r.currency());
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
