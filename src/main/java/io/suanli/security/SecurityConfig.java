package io.suanli.security;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Tunables of authentication, rate limits and body limits ({@code suanli.security.*}). */
@ConfigMapping(prefix = "suanli.security")
public interface SecurityConfig {

    /** The local demo key pair; off in production, where keys or a JWKS URL must be configured. */
    LocalKeysConfig localKeys();

    /** Per-caller token buckets. */
    RateLimit rateLimit();

    /** Largest request body outside scenario import (413 above it). */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** Largest scenario import body ({@code POST /api/v1/scenarios}); quarkus.http.limits.max-body-size caps both. */
    @WithDefault("64M")
    MemorySize maxImportSize();

    interface LocalKeysConfig {
        /** Generate (once) and trust a local RSA key pair: dev, test and demo only. */
        @WithDefault("false")
        boolean enabled();

        /** Where the pair lives: private.pem and public.pem, outside the repository. */
        @WithDefault("${user.home}/.suanli/keys")
        String directory();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Sustained requests per second of one tenant (tenant tokens) or one subject (other roles). */
        @WithDefault("50")
        long requestsPerSecond();

        /** Requests a caller may make at once after a quiet spell. */
        @WithDefault("100")
        long burst();

        /** Other limits for named callers (tenant name or subject), e.g. a busy department. */
        Map<String, Override> overrides();

        interface Override {
            long requestsPerSecond();

            long burst();
        }
    }

    /** Issuer the local tokens carry and the service expects ({@code mp.jwt.verify.issuer} follows it). */
    @WithDefault("suanli-local")
    String issuer();

    /** Lifetime of tokens printed by {@code ./suanli token}. */
    Optional<java.time.Duration> localTokenLifetime();
}
