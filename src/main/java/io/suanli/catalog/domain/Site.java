package io.suanli.catalog.domain;

/** A compute site (data centre) in a region; PUE scales IT power to facility power. */
public record Site(String name, String displayName, String region, SiteTier tier, Double pue) {}
