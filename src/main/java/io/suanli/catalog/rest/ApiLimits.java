package io.suanli.catalog.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the REST API ({@code suanli.api.*}). */
@ConfigMapping(prefix = "suanli.api")
public interface ApiLimits {

    /** The largest {@code limit} a list endpoint accepts. */
    @WithDefault("1000")
    int maxPageSize();
}
