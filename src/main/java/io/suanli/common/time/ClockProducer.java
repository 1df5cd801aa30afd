package io.suanli.common.time;

import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Makes the single {@link ExchangeClock} injectable, also as a plain {@link Clock}. */
public class ClockProducer {

    @Produces
    @Singleton
    @Typed(ExchangeClock.class)
    ExchangeClock exchangeClock() {
        return ExchangeClock.system();
    }

    @Produces
    @Singleton
    @Typed(Clock.class)
    Clock clock(ExchangeClock exchangeClock) {
        return exchangeClock;
    }
}
