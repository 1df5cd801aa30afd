package io.suanli.metering.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.time.Slots;
import io.suanli.dispatch.TaskRunEnded;
import io.suanli.metering.domain.JobRun;
import io.suanli.metering.domain.UsagePricing;
import io.suanli.metering.domain.UsageRecord;
import io.suanli.metering.domain.UsageReport;
import io.suanli.security.Caller;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Meters execution: when a task stops running, its run becomes one usage record per slot it ran
 * in (or the part of the slot it ran), with ids derived from job, attempt, task and slot, so a
 * repeated event changes nothing.
 */
@Singleton
public class ExecutionMeter {

    private static final Logger LOG = Logger.getLogger(ExecutionMeter.class);
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    /** Who the audit trail names for metered executions. */
    private static final Caller METER = Caller.system("meter");

    private final UsageIngest ingest;
    private final JobRuns runs;
    private final EstateCache estate;
    private final SettingsStore settings;
    private final Vertx vertx;

    public ExecutionMeter(UsageIngest ingest, JobRuns runs, EstateCache estate, SettingsStore settings, Vertx vertx) {
        this.ingest = ingest;
        this.runs = runs;
        this.estate = estate;
        this.settings = settings;
        this.vertx = vertx;
    }

    /** Observes the end of a task run; the records are written asynchronously, exactly once. */
    void onTaskRunEnded(@Observes TaskRunEnded ended) {
        OnContext.run(vertx, () -> meter(ended)).subscribe().with(
                outcome -> LOG.debugf("metered %s task %d: %d records", ended.jobId(), ended.task(), outcome.inserted()),
                failure -> LOG.errorf(failure, "could not meter job %s task %d", ended.jobId(), ended.task()));
    }

    /** Writes the records of one ended task run. */
    public Uni<io.suanli.metering.service.UsageStore.Outcome> meter(TaskRunEnded ended) {
        return settings.get().chain(exchange -> estate.view().chain(view -> runs.load(Set.of(ended.jobId()), view)).chain(known -> {
            JobRun run = known.get(ended.jobId());
            if (run == null) {
                return Uni.createFrom().failure(new IllegalStateException("job " + ended.jobId() + " has no committed plan"));
            }
            List<UsageReport> reports = reportsOf(ended, run, Duration.ofMinutes(exchange.slotMinutes()), exchange.currency());
            if (reports.isEmpty()) {
                return Uni.createFrom().item(new UsageStore.Outcome(0, 0));
            }
            return ingest.report(METER, reports, UsageRecord.Source.EXECUTION);
        }));
    }

    /** One report per slot the run overlaps, clipped to the committed window. */
    static List<UsageReport> reportsOf(TaskRunEnded ended, JobRun run, Duration slot, String currency) {
        Instant from = ended.startedAt().isBefore(run.runStartsAt()) ? run.runStartsAt() : ended.startedAt();
        Instant to = ended.endedAt().isAfter(run.runEndsAt()) ? run.runEndsAt() : ended.endedAt();
        List<UsageReport> reports = new ArrayList<>();
        Instant cursor = from;
        while (cursor.isBefore(to)) {
            Instant slotStart = Slots.slotStart(cursor, slot);
            Instant slotEnd = slotStart.plus(slot);
            Instant partEnd = slotEnd.isBefore(to) ? slotEnd : to;
            long seconds = Duration.between(cursor, partEnd).toSeconds();
            if (seconds > 0) {
                reports.add(new UsageReport(
                        "run:" + ended.jobId() + ":" + ended.attempt() + ":" + ended.task() + ":" + cursor.getEpochSecond(),
                        ended.jobId(), ended.task(), cursor, partEnd,
                        hours(run.cpuCoresPerTask(), seconds), hours(run.memoryGiBPerTask(), seconds),
                        hours(run.gpusPerTask(), seconds), currency));
            }
            cursor = partEnd;
        }
        return reports;
    }

    /** amount × seconds / 3600 to the quantity scale, rounded down so it never exceeds what ran. */
    private static BigDecimal hours(double perTask, long seconds) {
        return BigDecimal.valueOf(perTask).multiply(BigDecimal.valueOf(seconds))
                .divide(SECONDS_PER_HOUR, UsagePricing.QUANTITY_SCALE, RoundingMode.DOWN);
    }
}
