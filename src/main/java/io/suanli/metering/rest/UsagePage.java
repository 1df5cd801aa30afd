package io.suanli.metering.rest;

import java.util.List;

/** One page of the billing pull and the position to resume from (the same one when nothing new was there). */
public record UsagePage(List<UsageView> items, String next) {}
