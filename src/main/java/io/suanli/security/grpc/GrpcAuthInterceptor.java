package io.suanli.security.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.arc.Arc;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.grpc.GrpcService;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.suanli.security.Caller;
import io.suanli.security.CallerResolver;
import io.suanli.security.GrpcRoles;
import io.suanli.security.RateLimiter;
import io.suanli.security.Roles;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Authenticates every gRPC call with the same bearer tokens as REST ({@code authorization}
 * metadata), checks the method's {@link GrpcRoles} (operators only when it has none), charges the
 * caller's rate-limit bucket and hands the {@link Caller} to the service through the gRPC context.
 * Health and reflection stay open, like the HTTP health probes and the OpenAPI document.
 */
@GlobalInterceptor
@Singleton
public class GrpcAuthInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
    private static final Set<String> OPERATOR_ONLY = Set.of(Roles.OPERATOR);

    private final JWTParser parser;
    private final RateLimiter limiter;
    private volatile Map<String, Set<String>> rolesByMethod;

    public GrpcAuthInterceptor(JWTParser parser, RateLimiter limiter) {
        this.parser = parser;
        this.limiter = limiter;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (OPEN_SERVICES.contains(service)) {
            return next.startCall(call, headers);
        }
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("a bearer token is required"));
        }
        JsonWebToken token;
        try {
            token = parser.parse(authorization.substring(7).trim());
        } catch (ParseException | RuntimeException e) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("the token is malformed, expired or not signed by a trusted key"));
        }
        Set<String> allowed = rolesOf(call.getMethodDescriptor().getFullMethodName());
        if (token.getGroups() == null || token.getGroups().stream().noneMatch(allowed::contains)) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription("this token's role may not call this method"));
        }
        Caller caller;
        try {
            caller = CallerResolver.of(token, token.getGroups());
        } catch (RuntimeException e) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription(e.getMessage()));
        }
        Optional<Duration> wait = limiter.tryAcquire(caller);
        if (wait.isPresent()) {
            return refuse(call, Status.RESOURCE_EXHAUSTED.withDescription(
                    "request rate limit reached; retry in " + RateLimiter.retryAfterSeconds(wait.get()) + " s"));
        }
        return Contexts.interceptCall(Context.current().withValue(GrpcCallers.CALLER, caller), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }

    /** The roles of {@code service/Method}, from the {@link GrpcRoles} of the implementing bean's method. */
    Set<String> rolesOf(String fullMethodName) {
        Map<String, Set<String>> known = rolesByMethod;
        if (known == null) {
            known = scan();
            rolesByMethod = known;
        }
        return known.getOrDefault(simpleName(fullMethodName), OPERATOR_ONLY);
    }

    /** "suanli.v1.JobService/GetJob" → "JobService/getJob", the Java names of the Mutiny service. */
    static String simpleName(String fullMethodName) {
        int slash = fullMethodName.indexOf('/');
        String service = fullMethodName.substring(0, slash);
        String method = fullMethodName.substring(slash + 1);
        return service.substring(service.lastIndexOf('.') + 1) + "/" + Character.toLowerCase(method.charAt(0)) + method.substring(1);
    }

    private static Map<String, Set<String>> scan() {
        Map<String, Set<String>> roles = new HashMap<>();
        for (var bean : Arc.container().beanManager().getBeans(Object.class, jakarta.enterprise.inject.Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (!type.isAnnotationPresent(GrpcService.class)) {
                continue;
            }
            for (Class<?> api : type.getInterfaces()) {
                for (Method method : type.getMethods()) {
                    GrpcRoles allowed = method.getAnnotation(GrpcRoles.class);
                    if (allowed != null) {
                        roles.put(api.getSimpleName() + "/" + method.getName(), Set.of(allowed.value()));
                    }
                }
            }
        }
        return roles;
    }
}
