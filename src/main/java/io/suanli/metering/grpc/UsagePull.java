package io.suanli.metering.grpc;

import io.smallrye.mutiny.Multi;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.feed.FeedTail;
import io.suanli.grpc.v1.PullUsageResponse;
import io.suanli.metering.service.UsageFeed;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;

/**
 * Reads the usage feed page by page and answers one response per page. While a page is written
 * into its response the next one is already being read ({@link FeedTail} reads one page ahead),
 * so the database and the service work at the same time. Ends when caught up, or (following)
 * pauses on a timer and polls again.
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
        return FeedTail.pages(start, pageSize, interval, follow, position -> feed.rows(position, pageSize, tenant)).map(page -> {
            PullUsageResponse.Builder response = PullUsageResponse.newBuilder().setPosition(page.next().encode());
            for (Row row : page.items()) {
                response.addRecords(UsageRowMapper.toProto(row));
            }
            return response.build();
        });
    }
}
