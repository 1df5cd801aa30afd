package io.suanli.catalog.domain;

/** The tiers of the city's computing layout (通用, 超算, 智算, 边缘). */
public enum SiteTier {
    GENERAL,
    SUPERCOMPUTING,
    INTELLIGENT,
    EDGE
}
