package io.suanli.security;

import io.quarkus.arc.Arc;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link Caller} of the current REST request, from its verified token; {@link Caller#system}
 * outside a request (start-up loaders, timers). REST resources pass it on to the services.
 */
@Singleton
public class CallerResolver {

    /** The caller of the request being served; call it after the role check, in the resource method. */
    public Caller current() {
        if (!Arc.container().requestContext().isActive()) {
            return Caller.system("internal");
        }
        SecurityIdentity identity = Arc.container().instance(SecurityIdentity.class).get();
        if (identity == null || identity.isAnonymous()) {
            return Caller.system("internal");
        }
        return of(identity.getPrincipal(), identity.getRoles());
    }

    /** A token's caller: its most powerful known role, and the tenant claim for tenant tokens. */
    public static Caller of(Principal principal, java.util.Set<String> roles) {
        String role = Roles.BY_PRECEDENCE.stream().filter(roles::contains).findFirst()
                .orElseThrow(() -> new ForbiddenException("the token has none of the roles " + Roles.BY_PRECEDENCE));
        String tenant = null;
        if (Roles.TENANT.equals(role)) {
            Object claim = principal instanceof JsonWebToken jwt ? jwt.getClaim(LocalTokens.TENANT_CLAIM) : null;
            tenant = claim == null ? null : claim.toString().replace("\"", "");
            if (tenant == null || tenant.isBlank()) {
                throw new ForbiddenException("a tenant token needs a '" + LocalTokens.TENANT_CLAIM + "' claim");
            }
        }
        return new Caller(principal.getName(), role, tenant);
    }
}
