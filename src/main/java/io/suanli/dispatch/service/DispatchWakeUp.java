package io.suanli.dispatch.service;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets a watch event start the next dispatch pass at once instead of at the next interval. Signals
 * coalesce: many pod events during one pass cause one more pass, not one each.
 */
@Singleton
public class DispatchWakeUp {

    private final Semaphore signal = new Semaphore(0);

    public void signal() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits for a signal or {@code timeout}, whichever comes first, and clears pending signals. */
    public void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }
}
