package io.suanli.common.problem;

import java.util.List;

/**
 * A failure the client can act on. Thrown by services; turned into problem JSON on REST and
 * into a status on gRPC, so both transports report the same rule the same way.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public static ProblemException notFound(String kind, String name) {
        return new ProblemException(ProblemType.NOT_FOUND, kind + " '" + name + "' does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException conflict(String field, String message) {
        return new ProblemException(ProblemType.CONFLICT, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ProblemException malformed(String field, String message) {
        return new ProblemException(
                ProblemType.MALFORMED_REQUEST,
                new FieldError(field, message).toString(),
                List.of(new FieldError(field, message)));
    }

    /** A request whose content breaks the rules; the detail names the first violation. */
    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).toString()
                : errors.get(0) + " (and " + (errors.size() - 1) + " more)";
        return new ProblemException(ProblemType.VALIDATION_FAILED, detail, errors);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem toProblem(String instance) {
        return new Problem(type.uri(), type.title(), type.status(), getMessage(), instance, errors);
    }
}
