package io.suanli.metering.service;

import io.suanli.dispatch.TaskRunEnded;
import io.suanli.metering.domain.JobRun;
import io.suanli.metering.domain.UsageReport;
import java.time.Duration;
import java.util.List;

/** Test access to the package-private slot splitting of {@link ExecutionMeter}. */
public final class ExecutionMeterAccess {

    private ExecutionMeterAccess() {}

    public static List<UsageReport> reportsOf(TaskRunEnded ended, JobRun run, Duration slot, String currency) {
        return ExecutionMeter.reportsOf(ended, run, slot, currency);
    }
}
