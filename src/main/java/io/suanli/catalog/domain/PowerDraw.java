package io.suanli.catalog.domain;

/** Power drawn by one busy CPU core and one busy GPU, in watts (before PUE). */
public record PowerDraw(Double cpuCore, Double gpu) {}
