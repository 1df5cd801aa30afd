package io.suanli.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets per caller: a tenant's tokens share their tenant's bucket, every other caller has
 * its subject's. In memory per replica (the limit is per replica; N replicas admit N times it).
 */
@Singleton
public class RateLimiter {

    private final SecurityConfig.RateLimit config;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(SecurityConfig config) {
        this.config = config.rateLimit();
    }

    /** Takes one request from the caller's bucket: empty when admitted, else how long to wait. */
    public java.util.Optional<Duration> tryAcquire(Caller caller) {
        if (!config.enabled() || Roles.SYSTEM.equals(caller.role())) {
            return java.util.Optional.empty();
        }
        String key = caller.tenantBound() ? caller.tenant() : caller.subject();
        ConsumptionProbe probe = buckets.computeIfAbsent(key, this::newBucket).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? java.util.Optional.empty()
                : java.util.Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Whole seconds to wait, at least one, for a {@code Retry-After} header. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private Bucket newBucket(String key) {
        SecurityConfig.RateLimit.Override special = config.overrides().get(key);
        long rate = special == null ? config.requestsPerSecond() : special.requestsPerSecond();
        long burst = special == null ? config.burst() : special.burst();
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(rate, Duration.ofSeconds(1)).build())
                .build();
    }
}
