package io.suanli.common.rest;

import io.suanli.common.problem.ProblemException;
import java.util.Arrays;

/**
 * Parses enum query parameters. JAX-RS answers a query parameter it cannot convert with a bare
 * 404; a client deserves a 400 that names the parameter and the values it takes.
 */
public final class QueryEnums {

    private QueryEnums() {}

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String parameter) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.malformed(parameter,
                    "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
