package io.suanli.planning.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the live scheduler: leader election, the planning cycle and the solver's effort. */
@ConfigMapping(prefix = "suanli.scheduler")
public interface PlannerConfig {

    /** Whether this instance takes part in leader election and, when leading, plans and commits. */
    @WithDefault("true")
    boolean enabled();

    /** How often the leader reads the job feed, hands changes to the solver, persists and commits. */
    @WithDefault("200ms")
    Duration cycle();

    /** How long the solver improves after each batch of changes before it waits for the next one. */
    @WithDefault("3s")
    Duration improveFor();

    /** Stop improving sooner when the best score has not moved for this long. */
    @WithDefault("1s")
    Duration improveUntilStuckFor();

    /** The PostgreSQL advisory lock key that the one active scheduler holds. */
    @WithDefault("5349545201")
    long lockKey();

    /** How often a standby tries the lock (takeover time is at most about this plus start-up of the solver). */
    @WithDefault("2s")
    Duration leaderPoll();

    /** How fast the exchange clock runs (1 = real time; 360 = one hour slot per 10 s, for the demo). */
    @WithDefault("1.0")
    double clockSpeed();

    /** How often every instance counts jobs by state for the metrics. */
    @WithDefault("10s")
    Duration metricsInterval();

    /** How many other sites a placement explanation compares. */
    @WithDefault("5")
    int explainAlternatives();
}
