package io.suanli.common.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list. {@code next} is the cursor to pass as {@code after} for the following
 * page, or null on the last page.
 */
public record Page<T>(List<T> items, String next) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
