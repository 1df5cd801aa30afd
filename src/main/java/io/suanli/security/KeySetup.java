package io.suanli.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * At start-up: creates the local key pair where local keys are enabled (dev, test, demo), and
 * refuses to start where they are not (production) unless a verification key or JWKS URL is
 * configured, so a misconfigured service never runs open or rejects everyone silently.
 */
@Singleton
public class KeySetup {

    private static final Logger LOG = Logger.getLogger(KeySetup.class);

    void onStart(@Observes @Priority(1) StartupEvent event, SecurityConfig config) {
        if (config.localKeys().enabled()) {
            Path directory = LocalKeys.ensure(Path.of(config.localKeys().directory()));
            LOG.infof("tokens are verified with the local key pair in %s (./suanli token prints one)", directory);
            return;
        }
        var mp = ConfigProvider.getConfig();
        boolean configured = mp.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isPresent()
                || mp.getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent();
        if (!configured) {
            throw new IllegalStateException("no token verification key: set mp.jwt.verify.publickey.location (a PEM file or a"
                    + " JWKS URL of your OIDC provider) or MP_JWT_VERIFY_PUBLICKEY_LOCATION; see docs/security.md");
        }
    }
}
