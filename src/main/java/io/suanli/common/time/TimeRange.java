package io.suanli.common.time;

import io.suanli.common.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A half-open range {@code [from, to)} of UTC instants from query parameters, both required, from before to. */
public record TimeRange(Instant from, Instant to) {

    public static TimeRange parse(String from, String to) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to (" + from + " is not before " + to + ")");
        }
        return new TimeRange(start, end);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.malformed(field, "is required: an ISO-8601 instant such as 2026-11-28T00:00:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.malformed(field, "'" + value + "' is not an ISO-8601 instant such as 2026-11-28T00:00:00Z");
        }
    }
}
