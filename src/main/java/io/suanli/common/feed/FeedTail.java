package io.suanli.common.feed;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;

/**
 * Reads a commit-ordered feed page after page from a position: at once while pages come full,
 * then (when following) once per {@code interval}. Empty pages are not emitted. The streaming
 * readers (gRPC WatchJobs, PullUsage) share it.
 *
 * <p>While pages come full it reads one page ahead: as soon as a full page arrives, the read of
 * the next one (from that page's last position) starts, before the page goes downstream to be
 * written out. The database then works on page n+1 while the service writes page n, instead of
 * each waiting for the other. The positions read are exactly those a one-at-a-time reader would
 * read, so the feed's guarantee (no record skipped, none repeated) is the same.
 */
public final class FeedTail {
    private FeedTail() {}

    /**
     * @param follow keep polling after the end of the feed; otherwise stop with the page that reaches it
     * @param read reads the page after a position (of at most {@code pageSize} items)
     */
    public static <T> Multi<CommitOrderedFeed.Page<T>> pages(FeedPosition start, int pageSize, Duration interval, boolean follow,
            Function<FeedPosition, Uni<CommitOrderedFeed.Page<T>>> read) {
        Cursor<T> cursor = new Cursor<>(start);
        var repeating = Multi.createBy().repeating().uni(() -> cursor, c -> poll(c, pageSize, interval, read));
        Multi<CommitOrderedFeed.Page<T>> pages = follow ? repeating.indefinitely() : repeating.whilst(page -> !cursor.caughtUp);
        return pages.filter(page -> !page.items().isEmpty());
    }

    private static <T> Uni<CommitOrderedFeed.Page<T>> poll(Cursor<T> cursor, int pageSize, Duration interval,
            Function<FeedPosition, Uni<CommitOrderedFeed.Page<T>>> read) {
        Uni<CommitOrderedFeed.Page<T>> page;
        if (cursor.ahead != null) {
            page = cursor.ahead;
            cursor.ahead = null;
        } else {
            Uni<Void> pause = cursor.caughtUp
                    ? Uni.createFrom().voidItem().onItem().delayIt().by(interval)
                    : Uni.createFrom().voidItem();
            page = pause.chain(() -> read.apply(cursor.position));
        }
        return page.invoke(p -> {
            cursor.position = p.next();
            cursor.caughtUp = p.items().size() < pageSize;
            if (!cursor.caughtUp) {
                cursor.ahead = started(read.apply(cursor.position));
            }
        });
    }

    /** Starts {@code read} now; its page (or failure) is kept for whoever subscribes later. */
    private static <T> Uni<T> started(Uni<T> read) {
        Uni<T> kept = read.memoize().indefinitely();
        kept.subscribe().with(ignored -> {}, ignored -> {});
        return kept;
    }

    /** Where the reader is, whether the last page reached the end of the feed, and the page being read ahead. */
    private static final class Cursor<T> {
        FeedPosition position;
        boolean caughtUp;
        Uni<CommitOrderedFeed.Page<T>> ahead;

        Cursor(FeedPosition position) {
            this.position = position;
        }
    }
}
