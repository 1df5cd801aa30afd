package io.suanli.scheduling.domain;

/** One tenant in one hour: the unit of the quota rule. */
public record TenantHour(TenantFact tenant, int hour) {}
