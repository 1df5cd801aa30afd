package io.suanli.security.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.suanli.common.problem.Problem;
import io.suanli.common.problem.ProblemType;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.suanli.security.SecurityConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Refuses (413) a REST request whose body is larger than allowed: 1 MiB by default, 64 MiB for
 * scenario import. A declared {@code Content-Length} over the limit is refused before the body is
 * read (problem JSON). A chunked body without a length is counted while it streams: the limit goes
 * into the request's {@code io.quarkus.max-request-size}, which Quarkus sets to
 * quarkus.http.limits.max-body-size for every chunked request and which the REST body reader checks
 * as bytes arrive (413, connection closed, without a problem body: the reader answers itself).
 * gRPC has its own message limit.
 */
@Singleton
public class BodyLimit {

    static final String IMPORT_PATH = "/api/v1/scenarios";

    private final long maxBody;
    private final long maxImport;
    private final ObjectMapper json;

    public BodyLimit(SecurityConfig config, ObjectMapper json) {
        this.maxBody = config.maxBodySize().asLongValue();
        this.maxImport = config.maxImportSize().asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        // After Quarkus's own upload limit handler, which puts the global ceiling on every chunked request.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(rc -> {
            if (rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null && !isGrpc(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
                rc.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, limitOf(rc.request().method(), rc.normalizedPath()));
            }
            rc.next();
        });
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (length == null || isGrpc(contentType)) {
                rc.next();
                return;
            }
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                rc.next();
                return;
            }
            long limit = limitOf(rc.request().method(), rc.normalizedPath());
            if (declared <= limit) {
                rc.next();
                return;
            }
            ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
            Problem problem = new Problem(type.uri(), type.title(), type.status(),
                    "the body has " + declared + " bytes; at most " + limit + " are accepted here", rc.normalizedPath(), List.of());
            try {
                rc.response().setStatusCode(type.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(problem));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                rc.fail(413);
            }
        });
    }

    private long limitOf(HttpMethod method, String path) {
        return method == HttpMethod.POST && IMPORT_PATH.equals(path) ? maxImport : maxBody;
    }

    private static boolean isGrpc(String contentType) {
        return contentType != null && contentType.startsWith("application/grpc");
    }
}
