package io.suanli.planning.config;

import io.quarkus.runtime.StartupEvent;
import io.suanli.common.time.ExchangeClock;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Runs the exchange clock at the configured speed (the accelerated demo: e.g. 360 = one hour slot per 10 s). */
@Singleton
public class ClockSpeed {
    void apply(@Observes StartupEvent ignored, PlannerConfig config, ExchangeClock clock) {
        if (config.clockSpeed() != 1.0) clock.setSpeed(config.clockSpeed());
    }
}
