package io.suanli.metering.grpc;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suanli.common.feed.FeedPosition;
import io.suanli.grpc.v1.PullUsageResponse;
import io.suanli.metering.service.UsageFeed;
import java.time.Duration;

/**
 * Reads the usage feed page by page, one page per demanded response, so a slow client slows the
 * reading. Ends when caught up, or (following) pauses on a timer and polls again.
 */
final class UsagePull {

    private final UsageFeed feed;
    private final String tenant;
    private final int pageSize;
    private final Duration interval;
    private final boolean follow;

    UsagePull(UsageFeed feed, String tenant, int pageSize, Duration interval, boolean follow) {
        this.feed = feed;
        this.tenant = tenant;
        this.pageSize = pageSize;
        this.interval = interval;
        this.follow = follow;
    }

    private static final class Cursor {
        FeedPosition position;
        boolean caughtUp;

        Cursor(FeedPosition position) {
            this.position = position;
        }
    }

    Multi<PullUsageResponse> from(FeedPosition start) {
        Cursor cursor = new Cursor(start);
        var repeating = Multi.createBy().repeating().uni(() -> cursor, this::poll);
        Multi<PullUsageResponse> pages = follow ? repeating.indefinitely() : repeating.whilst(page -> !cursor.caughtUp);
        return pages.filter(response -> response.getRecordsCount() > 0);
    }

    private Uni<PullUsageResponse> poll(Cursor cursor) {
        Uni<Void> pause = cursor.caughtUp && follow
                ? Uni.createFrom().voidItem().onItem().delayIt().by(interval)
                : Uni.createFrom().voidItem();
        return pause.chain(() -> feed.read(cursor.position, pageSize, tenant)).map(page -> {
            cursor.position = page.next();
            cursor.caughtUp = page.items().size() < pageSize;
            PullUsageResponse.Builder response = PullUsageResponse.newBuilder().setPosition(page.next().encode());
            page.items().forEach(usage -> response.addRecords(MeteringGrpcMapper.toProto(usage)));
            return response.build();
        });
    }
}
