package io.suanli.metering.rest;

import io.suanli.metering.domain.UsageReport;
import java.util.List;

/** The body of {@code POST /api/v1/usage:batch}: up to 10,000 records stored all or none. */
public record UsageBatch(List<UsageReport> records) {}
