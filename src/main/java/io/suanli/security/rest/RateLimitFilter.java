package io.suanli.security.rest;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.suanli.common.problem.Problem;
import io.suanli.common.problem.ProblemType;
import io.suanli.security.CallerResolver;
import io.suanli.security.RateLimiter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Charges each authenticated REST request to its caller's bucket; an empty bucket answers 429
 * with {@code Retry-After}. Requests without a valid token pass on to be refused with 401.
 */
public class RateLimitFilter {

    private final CurrentIdentityAssociation identities;
    private final RateLimiter limiter;

    public RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter limiter) {
        this.identities = identities;
        this.limiter = limiter;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .map(identity -> refusal(identity, request));
    }

    private Response refusal(SecurityIdentity identity, ContainerRequestContext request) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        io.suanli.security.Caller caller;
        try {
            caller = CallerResolver.of(identity.getPrincipal(), identity.getRoles());
        } catch (RuntimeException noKnownRole) {
            return null; // the role check refuses it
        }
        return limiter.tryAcquire(caller).map(wait -> {
            ProblemType type = ProblemType.RATE_LIMITED;
            long seconds = RateLimiter.retryAfterSeconds(wait);
            return Response.status(type.status()).type("application/problem+json")
                    .header("Retry-After", Long.toString(seconds))
                    .entity(new Problem(type.uri(), type.title(), type.status(),
                            "request rate limit reached; retry in " + seconds + " s",
                            "/" + request.getUriInfo().getPath().replaceFirst("^/", ""), List.of()))
                    .build();
        }).orElse(null);
    }
}
