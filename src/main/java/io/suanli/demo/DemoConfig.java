package io.suanli.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo city the service loads at start-up ({@code suanli.demo.*}, on in the {@code demo} profile). */
@ConfigMapping(prefix = "suanli.demo")
public interface DemoConfig {

    /** Whether to import the generated demo city at start-up. */
    @WithDefault("false")
    boolean loadCity();

    /** Seed of the generated city; the same seed gives the same city. */
    @WithDefault("42")
    long seed();

    /** Mean number of department jobs the running demo submits per slot (more in office hours). */
    @WithDefault("40")
    double jobsPerSlot();

    /** Number of nodes of the demo city. */
    @WithDefault("300")
    int nodes();
}
