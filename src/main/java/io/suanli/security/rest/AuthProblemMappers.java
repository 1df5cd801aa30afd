package io.suanli.security.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.suanli.common.problem.Problem;
import io.suanli.common.problem.ProblemType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as problem JSON. Authentication is not proactive, so a missing, malformed, expired or
 * wrongly signed token fails inside the endpoint's security check and arrives here.
 */
public class AuthProblemMappers {

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        ProblemType type = ProblemType.FORBIDDEN;
        return Response.status(type.status()).type("application/problem+json")
                .entity(new Problem(type.uri(), type.title(), type.status(),
                        "this token's role may not do this", "/" + uri.getPath().replaceFirst("^/", ""), List.of()))
                .build();
    }

    private static Response unauthenticated(UriInfo uri) {
        ProblemType type = ProblemType.UNAUTHORIZED;
        return Response.status(type.status()).type("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .entity(new Problem(type.uri(), type.title(), type.status(),
                        "a valid bearer token is required (missing, malformed, expired or not signed by a trusted key)",
                        "/" + uri.getPath().replaceFirst("^/", ""), List.of()))
                .build();
    }
}
