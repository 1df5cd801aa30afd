package io.suanli.catalog.domain;

/** A city department that submits jobs; quotas (null = none) hold at every hour. */
public record Tenant(String name, String displayName, Integer gpuQuota, Integer cpuQuota) {}
