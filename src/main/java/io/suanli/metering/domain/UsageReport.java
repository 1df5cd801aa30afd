package io.suanli.metering.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One usage record as a site or a meter reports it (CloudEvents style: {@code id} is unique per
 * record). Quantities are for one task over {@code [startsAt, endsAt)}; the service adds the prices
 * locked at commit, energy, carbon and the charges.
 *
 * @param id the record's unique id; a repeat with the same content is ignored
 * @param jobId the job
 * @param task the task's index in the gang
 * @param startsAt start of the metered interval
 * @param endsAt end of the metered interval
 * @param cpuCoreHours CPU core-hours used
 * @param memoryGiBHours memory GiB-hours used
 * @param gpuHours GPU-hours used (of the node's GPU model)
 * @param currency the currency the reporter expects to be charged in (must be the exchange's)
 */
public record UsageReport(
        String id,
        String jobId,
        Integer task,
        Instant startsAt,
        Instant endsAt,
        BigDecimal cpuCoreHours,
        BigDecimal memoryGiBHours,
        BigDecimal gpuHours,
        String currency) {}
