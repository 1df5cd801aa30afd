package io.suanli.jobs.grpc;

import io.smallrye.mutiny.Multi;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.feed.FeedTail;
import io.suanli.grpc.v1.WatchJobsResponse;
import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.service.JobQueries;
import java.time.Duration;

/**
 * Follows the commit-ordered job event feed by polling: a full page is followed at once by the
 * next, an empty or partial one by a pause on a timer (never a sleep on the event loop). Polls
 * one page per demanded item, so a slow client slows the polling instead of filling memory, and
 * stops when the client cancels.
 */
final class JobWatch {

    private final JobQueries queries;
    private final String tenant;
    private final int pageSize;
    private final Duration interval;

    JobWatch(JobQueries queries, String tenant, int pageSize, Duration interval) {
        this.queries = queries;
        this.tenant = tenant;
        this.pageSize = pageSize;
        this.interval = interval;
    }

    /** Responses with the events committed after {@code start}; empty polls give no response. */
    Multi<WatchJobsResponse> from(FeedPosition start) {
        return FeedTail.pages(start, pageSize, interval, true, position -> queries.events(position, pageSize, tenant))
                .map(JobWatch::toResponse);
    }

    private static WatchJobsResponse toResponse(CommitOrderedFeed.Page<JobEvent> page) {
        WatchJobsResponse.Builder response = WatchJobsResponse.newBuilder().setPosition(page.next().encode());
        page.items().forEach(event -> response.addEvents(JobGrpcMapper.toProto(event)));
        return response.build();
    }
}
