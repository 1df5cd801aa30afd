package io.suanli.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers bearer tokens that passed verification, so a client that sends the same token with
 * every request is not verified again each time: parsing and checking the signature of a token
 * was about a sixth of the service's CPU per job submission. REST and gRPC both parse tokens
 * through {@link JWTParser}, so both go through here.
 *
 * <p>The key is the whole token, signature included: a token that differs in any byte is a miss
 * and is verified. A hit is answered only while the token has not expired; an entry lives at most
 * {@link #LIFETIME}, which bounds how long a token keeps working after its signing key is
 * withdrawn from the verification keys.
 */
@Decorator
@Priority(10)
public abstract class VerifiedTokenCache implements JWTParser {

    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final int MAX_TOKENS = 10_000;

    private final Cache<String, JsonWebToken> verified =
            Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(LIFETIME).build();

    @Inject
    @Delegate
    JWTParser delegate;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && !expired(known)) {
            return known;
        }
        JsonWebToken parsed = delegate.parse(token);
        verified.put(token, parsed);
        return parsed;
    }

    private static boolean expired(JsonWebToken token) {
        long expiresAt = token.getExpirationTime();
        return expiresAt > 0 && Instant.now().getEpochSecond() >= expiresAt;
    }
}
