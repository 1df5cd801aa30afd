package io.suanli.jobs.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns service failures into gRPC statuses, as {@code ProblemMappers} turns them into problem
 * JSON: the same rule gives the same answer on both transports, naming the field at fault (in
 * the description and as {@code google.rpc.BadRequest} details), never with a stack trace.
 */
public final class GrpcProblems {

    private static final Logger LOG = Logger.getLogger(GrpcProblems.class);

    /** Conflicts over these fields are a second request for the same job, not a lifecycle refusal. */
    private static final Set<String> IDENTITY_FIELDS = Set.of("Idempotency-Key", "requestId", "externalId");

    /** Fields of the request messages themselves, already in proto spelling. */
    private static final Set<String> REQUEST_FIELDS = Set.of("job_id", "state", "page_size", "page_token", "after");

    private GrpcProblems() {}

    /** The status exception a client receives for {@code failure}. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof StatusException status) {
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        if (!(failure instanceof ProblemException problem)) {
            LOG.error("unexpected failure in a gRPC call", failure);
            return Status.INTERNAL.withDescription("the server failed to handle this request").asRuntimeException();
        }
        Status.Code code = code(problem);
        var status = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(description(problem));
        if (!problem.errors().isEmpty()) {
            BadRequest.Builder badRequest = BadRequest.newBuilder();
            for (FieldError error : problem.errors()) {
                badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(protoField(error.field()))
                        .setDescription(error.message()));
            }
            status.addDetails(Any.pack(badRequest.build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    public static Status.Code code(ProblemException problem) {
        return switch (problem.type()) {
            case MALFORMED_REQUEST, VALIDATION_FAILED -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case CONFLICT -> problem.errors().stream().anyMatch(e -> IDENTITY_FIELDS.contains(e.field()))
                    ? Status.Code.ALREADY_EXISTS
                    : Status.Code.FAILED_PRECONDITION;
            case UNAUTHORIZED -> Status.Code.UNAUTHENTICATED;
            case FORBIDDEN -> Status.Code.PERMISSION_DENIED;
            case RATE_LIMITED, PAYLOAD_TOO_LARGE -> Status.Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE -> Status.Code.UNIMPLEMENTED;
            case INTERNAL -> Status.Code.INTERNAL;
        };
    }

    /** Every field error as "field: message", in proto field names; the problem's detail when it names none. */
    public static String description(ProblemException problem) {
        if (problem.errors().isEmpty()) {
            return problem.getMessage();
        }
        return problem.errors().stream()
                .map(e -> protoField(e.field()) + ": " + e.message())
                .collect(Collectors.joining("; "));
    }

    /**
     * The proto path of a domain field path: {@code cpuCores} is {@code spec.cpu_cores},
     * {@code allowedRegions[2]} is {@code spec.allowed_regions[2]}; map keys keep their spelling.
     */
    public static String protoField(String field) {
        if (field == null || field.isEmpty() || field.equals("body")) {
            return "spec";
        }
        if (field.equals("Idempotency-Key") || field.equals("requestId")) {
            return "request_id";
        }
        int end = 0;
        while (end < field.length() && field.charAt(end) != '.' && field.charAt(end) != '[') {
            end++;
        }
        String head = field.substring(0, end);
        if (REQUEST_FIELDS.contains(head)) {
            return field;
        }
        StringBuilder snake = new StringBuilder("spec.");
        for (char c : head.replace("GiB", "Gib").toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.append(field.substring(end)).toString();
    }
}
