package io.suanli.security;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Signs tokens with the local key pair: for {@code ./suanli token}, the demo and the tests. */
public final class LocalTokens {

    /** The claim that binds a {@code tenant} token to its tenant. */
    public static final String TENANT_CLAIM = "tenant";

    private LocalTokens() {}

    public static String sign(Path keyDirectory, String issuer, String subject, String role, String tenant, Duration lifetime) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer).subject(subject).upn(subject).groups(Set.of(role))
                .expiresIn(lifetime);
        if (tenant != null) {
            claims.claim(TENANT_CLAIM, tenant);
        }
        return claims.jws().keyId("suanli-local").sign(LocalKeys.privateKey(keyDirectory));
    }
}
