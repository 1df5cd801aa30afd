package io.suanli.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into RFC 7807 problem JSON: a stable type, the field at fault, no stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unrecognizedProperty(UnrecognizedPropertyException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response jsonProcessing(JsonProcessingException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        if (cause instanceof ProblemException problem) {
            return problem(problem, uri);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 400 -> ProblemType.MALFORMED_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.MALFORMED_REQUEST;
        };
        String detail = type == ProblemType.NOT_FOUND ? "no resource at " + path(uri) : type.title();
        return respond(new Problem(type.uri(), type.title(), status, detail, path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        return unexpected(e, uri);
    }

    /**
     * The last resort. A unique or foreign-key violation the service did not check first (two
     * requests racing for one name) is still the client's conflict; anything else, a CHECK
     * included, is the service's fault. Schema names stay in the log.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String state = DatabaseErrors.sqlState(e);
        if (DatabaseErrors.UNIQUE_VIOLATION.equals(state) || DatabaseErrors.FOREIGN_KEY_VIOLATION.equals(state)) {
            LOG.warnf("database refused a write on %s (SQLSTATE %s): %s", path(uri), state, e.getMessage());
            return respond(ProblemException.conflict("the request conflicts with data stored meanwhile; read it and try again")
                    .toProblem(path(uri)));
        }
        if (bodyTooLarge(e)) {
            // A chunked body passed its limit while streaming; the body reader has already answered 413.
            LOG.debugf("body over the limit on %s", path(uri));
            ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
            return respond(new Problem(type.uri(), type.title(), type.status(), "the body is larger than accepted here", path(uri),
                    List.of()));
        }
        LOG.errorf(e, "unexpected failure on %s", path(uri));
        ProblemType type = ProblemType.INTERNAL;
        return respond(new Problem(
                type.uri(), type.title(), type.status(), "the server failed to handle this request", path(uri), List.of()));
    }

    private static Response json(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping.getPath()) : "";
        String message = e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = jsonPath(unknown.getPath());
            message = "unknown field";
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + describe(mismatch.getTargetType());
        } else if (parseError(e) != null) {
            message = "malformed JSON: " + firstLine(parseError(e).getOriginalMessage());
        } else {
            // Other mapping failures name internal classes: the client learns only where it went wrong.
            LOG.debugf("unreadable request body on %s: %s", path(uri), e.getMessage());
            message = field.isEmpty() ? "malformed JSON: the body does not have the expected shape" : "cannot be read as given";
        }
        return respond(ProblemException.malformed(field.isEmpty() ? "body" : field, message).toProblem(path(uri)));
    }

    /** The JSON syntax error behind a failure, if that is what it is. */
    private static com.fasterxml.jackson.core.JsonParseException parseError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonParseException parse) {
                return parse;
            }
        }
        return null;
    }

    static String jsonPath(List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == java.time.Instant.class) {
            return "a UTC instant like 2026-11-28T10:00:00Z";
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message;
        // Jackson's location notes ("at [Source: ...]", "(start marker at ...)") mean nothing to a client.
        for (String noise : new String[] {"\n", " (start marker", " at [Source"}) {
            int at = line.indexOf(noise);
            if (at >= 0) {
                line = line.substring(0, at);
            }
        }
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** Quarkus's body reader fails with this when a chunked body passes io.quarkus.max-request-size (see BodyLimit). */
    private static boolean bodyTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException && "Request too large".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
