package io.suanli.metering.service;

import io.smallrye.mutiny.Uni;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The billing pull: usage records in commit order from a position on. A reader never misses a
 * record and never sees one twice, also while records are written concurrently.
 */
@Singleton
public class UsageFeed {

    private final CommitOrderedFeed feed;

    public UsageFeed(CommitOrderedFeed feed) {
        this.feed = feed;
    }

    /** Up to {@code limit} records after {@code after}; {@code tenantScope} restricts them to one tenant (null: all). */
    public Uni<CommitOrderedFeed.Page<StoredUsage>> read(FeedPosition after, int limit, String tenantScope) {
        return tenantScope == null
                ? feed.read("usage_record", StoredUsage.COLUMNS, null, List.of(), after, limit, StoredUsage::of)
                : feed.read("usage_record", StoredUsage.COLUMNS, "tenant = $4", List.of(tenantScope), after, limit, StoredUsage::of);
    }
}
