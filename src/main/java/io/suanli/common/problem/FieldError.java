package io.suanli.common.problem;

/** One thing wrong with a request: the JSON path of the element at fault and why. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }
}
