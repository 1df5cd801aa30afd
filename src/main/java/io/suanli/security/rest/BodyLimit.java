package io.suanli.security.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.suanli.common.problem.Problem;
import io.suanli.common.problem.ProblemType;
import io.suanli.security.SecurityConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Refuses (413) a REST request whose declared body is larger than allowed before it is read: 1 MiB
 * by default, 64 MiB for scenario import. quarkus.http.limits.max-body-size (the import size) caps
 * every body, also chunked ones without a length. gRPC has its own message limit.
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
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (length == null || (contentType != null && contentType.startsWith("application/grpc"))) {
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
            boolean isImport = rc.request().method() == HttpMethod.POST && IMPORT_PATH.equals(rc.normalizedPath());
            long limit = isImport ? maxImport : maxBody;
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
}
