package io.suanli.planning.persistence;

import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/** PostgreSQL array literals, bound as one text parameter and cast in SQL (e.g. {@code cast(:ids as uuid[])}). */
final class PgArrays {
    private PgArrays() {}

    static String uuids(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }

    /** Every element quoted, with backslashes and quotes escaped. */
    static String texts(Collection<String> values) {
        return values.stream()
                .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
