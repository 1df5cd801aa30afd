package io.suanli.dispatch.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries one Kubernetes API call that failed for a reason that may pass (a server error,
 * throttling, a timeout, a dropped connection) with exponential backoff, in real time. Errors
 * that will not pass (403, 404, 422) fail at once.
 */
public final class ApiRetry {

    private static final Logger LOG = Logger.getLogger(ApiRetry.class);
    /** Codes worth another try; 0 means no HTTP answer at all (connection refused, timeout). */
    private static final Set<Integer> TRANSIENT = Set.of(0, 408, 429, 500, 502, 503, 504);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public ApiRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public <T> T call(String what, Supplier<T> call) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (attempt >= maxAttempts || !isTransient(e)) {
                    throw e;
                }
                LOG.debugf("%s: attempt %d of %d failed (%d %s), retrying in %s", what, attempt, maxAttempts,
                        e.getCode(), e.getMessage(), backoff);
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    static boolean isTransient(KubernetesClientException e) {
        if (TRANSIENT.contains(e.getCode())) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while waiting to retry", e);
        }
    }
}
