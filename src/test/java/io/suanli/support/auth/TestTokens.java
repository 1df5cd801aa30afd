package io.suanli.support.auth;

import io.smallrye.jwt.build.Jwt;
import io.suanli.security.LocalTokens;
import io.suanli.security.Roles;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Bearer tokens for tests, signed with the local key pair the test service trusts
 * ({@code suanli.security.local-keys.directory}), plus the bad ones: expired, and signed by a key
 * the service does not know.
 */
public final class TestTokens {

    public static final String OPERATOR_SUBJECT = "test-operator";
    private static final Duration LIFETIME = Duration.ofHours(6);
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private TestTokens() {}

    public static String operator() {
        return forRole(Roles.OPERATOR, null);
    }

    /** An operator token with a subject of its own, so the audit trail's records of one test can be told apart. */
    public static String operatorNamed(String subject) {
        return CACHE.computeIfAbsent(Roles.OPERATOR + "/subject/" + subject,
                key -> LocalTokens.sign(keyDirectory(), issuer(), subject, Roles.OPERATOR, null, LIFETIME));
    }

    public static String regulator() {
        return forRole(Roles.REGULATOR, null);
    }

    public static String billing() {
        return forRole(Roles.BILLING, null);
    }

    public static String tenant(String tenant) {
        return forRole(Roles.TENANT, tenant);
    }

    /** A token of {@code role} (and {@code tenant} for the tenant role), cached per pair. */
    public static String forRole(String role, String tenant) {
        return CACHE.computeIfAbsent(role + "/" + tenant, key -> LocalTokens.sign(keyDirectory(), issuer(),
                tenant == null ? "test-" + role : tenant + "-user", role, tenant, LIFETIME));
    }

    /** A well-signed operator token that expired an hour ago. */
    public static String expired() {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return Jwt.issuer(issuer()).subject(OPERATOR_SUBJECT).groups(Set.of(Roles.OPERATOR))
                .issuedAt(issued).expiresAt(issued.plus(Duration.ofHours(1)))
                .sign(io.suanli.security.LocalKeys.privateKey(keyDirectory()));
    }

    /** An operator token signed by a key pair the service has never seen. */
    public static String wrongSignature() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(issuer()).subject(OPERATOR_SUBJECT).groups(Set.of(Roles.OPERATOR))
                    .expiresIn(LIFETIME).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header value for {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    static Path keyDirectory() {
        return Path.of(ConfigProvider.getConfig().getValue("suanli.security.local-keys.directory", String.class));
    }

    static String issuer() {
        return ConfigProvider.getConfig().getOptionalValue("suanli.security.issuer", String.class).orElse("suanli-local");
    }
}
