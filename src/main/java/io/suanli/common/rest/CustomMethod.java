package io.suanli.common.rest;

import io.suanli.common.problem.ProblemException;
import java.util.Set;

/**
 * A custom method in the Google API style, {@code POST /things/{name}:verb}. The REST router
 * matches the whole segment as one path parameter, so the verb is split off here.
 */
public record CustomMethod(String name, String verb) {

    /** Splits {@code name:verb}; a segment without a known verb is a 404, as a missing route would be. */
    public static CustomMethod parse(String segment, Set<String> verbs) {
        int colon = segment.lastIndexOf(':');
        if (colon <= 0 || !verbs.contains(segment.substring(colon + 1))) {
            throw new ProblemException(io.suanli.common.problem.ProblemType.NOT_FOUND,
                    "no custom method in '" + segment + "'; expected one of " + verbs.stream().sorted().map(v -> "{name}:" + v).toList());
        }
        return new CustomMethod(segment.substring(0, colon), segment.substring(colon + 1));
    }
}
