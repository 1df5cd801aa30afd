package io.suanli.jobs.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Job ids: UUID version 7, time-ordered, so the id order is roughly submission order and a
 * keyset page over ids follows it; opaque to clients otherwise.
 */
public final class JobIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {}

    public static String next(Instant at) {
        long millis = at.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
