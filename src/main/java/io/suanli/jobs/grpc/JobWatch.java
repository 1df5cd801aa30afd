package io.suanli.jobs.grpc;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
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

    /** Where the watch is and whether the last poll found it at the end of the feed. */
    private static final class Cursor {
        FeedPosition position;
        boolean caughtUp;

        Cursor(FeedPosition position) {
            this.position = position;
        }
    }

    /** Responses with the events committed after {@code start}; empty polls give no response. */
    Multi<WatchJobsResponse> from(FeedPosition start) {
        return Multi.createBy().repeating()
                .uni(() -> new Cursor(start), this::poll)
                .indefinitely()
                .filter(response -> response.getEventsCount() > 0);
    }

    private Uni<WatchJobsResponse> poll(Cursor cursor) {
        Uni<Void> pause = cursor.caughtUp
                ? Uni.createFrom().voidItem().onItem().delayIt().by(interval)
                : Uni.createFrom().voidItem();
        return pause.chain(() -> queries.events(cursor.position, pageSize, tenant)).map(page -> {
            cursor.position = page.next();
            cursor.caughtUp = page.items().size() < pageSize;
            return toResponse(page);
        });
    }

    private static WatchJobsResponse toResponse(CommitOrderedFeed.Page<JobEvent> page) {
        WatchJobsResponse.Builder response = WatchJobsResponse.newBuilder().setPosition(page.next().encode());
        page.items().forEach(event -> response.addEvents(JobGrpcMapper.toProto(event)));
        return response.build();
    }
}
