package io.suanli.metering.grpc;

import io.smallrye.mutiny.Multi;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.feed.FeedTail;
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

    /** Responses with the records committed after {@code start}; following, it waits for more at the end. */
    Multi<PullUsageResponse> from(FeedPosition start) {
        return FeedTail.pages(start, pageSize, interval, follow, position -> feed.read(position, pageSize, tenant)).map(page -> {
            PullUsageResponse.Builder response = PullUsageResponse.newBuilder().setPosition(page.next().encode());
            page.items().forEach(usage -> response.addRecords(MeteringGrpcMapper.toProto(usage)));
            return response.build();
        });
    }
}
