package io.suanli.common.paging;

import io.suanli.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A validated {@code ?limit=&after=} pair for keyset pagination over a unique, immutable key
 * (e.g. a name). Because rows are ordered by that key, every row committed before the first
 * page is read appears exactly once, whatever is inserted or deleted meanwhile.
 */
public record PageRequest(int limit, String afterKey) {

    public static final int DEFAULT_LIMIT = 100;

    public static PageRequest of(Integer limit, String after, int maxLimit) {
        int size = limit == null ? Math.min(DEFAULT_LIMIT, maxLimit) : limit;
        if (size < 1 || size > maxLimit) {
            throw ProblemException.malformed("limit", "must be between 1 and " + maxLimit + ", was " + size);
        }
        return new PageRequest(size, after == null || after.isEmpty() ? null : decode(after));
    }

    /**
     * Builds the page from up to {@code limit + 1} rows read in key order: the extra row only
     * tells that there is more.
     */
    public <T> Page<T> page(List<T> rowsPlusOne, Function<T, String> key) {
        if (rowsPlusOne.size() <= limit) {
            return new Page<>(rowsPlusOne, null);
        }
        List<T> items = rowsPlusOne.subList(0, limit);
        return new Page<>(List.copyOf(items), encode(key.apply(items.get(limit - 1))));
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith("k:")) {
                throw new IllegalArgumentException();
            }
            return decoded.substring(2);
        } catch (IllegalArgumentException e) {
            throw ProblemException.malformed("after", "not a cursor returned by this API");
        }
    }
}
