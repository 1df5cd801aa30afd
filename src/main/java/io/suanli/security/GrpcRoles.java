package io.suanli.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a gRPC method, read by {@link io.suanli.security.grpc.GrpcAuthInterceptor}
 * (the gRPC twin of {@code @RolesAllowed}, which stays off gRPC services: Quarkus' CDI security
 * interceptor would check it against an identity the gRPC path does not set). A method without it
 * is for operators only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GrpcRoles {
    String[] value();
}
