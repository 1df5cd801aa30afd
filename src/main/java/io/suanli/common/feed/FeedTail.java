package io.suanli.common.feed;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;

/**
 * Reads a commit-ordered feed page after page from a position: at once while pages come full,
 * then (when following) once per {@code interval}. Empty pages are not emitted. The streaming
 * readers (gRPC WatchJobs, PullUsage) share it.
 */
public final class FeedTail {
    private FeedTail() {}

    /**
     * @param follow keep polling after the end of the feed; otherwise stop with the page that reaches it
     * @param read reads the page after a position (of at most {@code pageSize} items)
     */
    public static <T> Multi<CommitOrderedFeed.Page<T>> pages(FeedPosition start, int pageSize, Duration interval, boolean follow,
            Function<FeedPosition, Uni<CommitOrderedFeed.Page<T>>> read) {
        Cursor cursor = new Cursor(start);
        var repeating = Multi.createBy().repeating().uni(() -> cursor, c -> poll(c, pageSize, interval, read));
        Multi<CommitOrderedFeed.Page<T>> pages = follow ? repeating.indefinitely() : repeating.whilst(page -> !cursor.caughtUp);
        return pages.filter(page -> !page.items().isEmpty());
    }

    private static <T> Uni<CommitOrderedFeed.Page<T>> poll(Cursor cursor, int pageSize, Duration interval,
            Function<FeedPosition, Uni<CommitOrderedFeed.Page<T>>> read) {
        Uni<Void> pause = cursor.caughtUp
                ? Uni.createFrom().voidItem().onItem().delayIt().by(interval)
                : Uni.createFrom().voidItem();
        return pause.chain(() -> read.apply(cursor.position)).invoke(page -> {
            cursor.position = page.next();
            cursor.caughtUp = page.items().size() < pageSize;
        });
    }

    /** Where the reader is and whether the last page reached the end of the feed. */
    private static final class Cursor {
        FeedPosition position;
        boolean caughtUp;

        Cursor(FeedPosition position) {
            this.position = position;
        }
    }
}
