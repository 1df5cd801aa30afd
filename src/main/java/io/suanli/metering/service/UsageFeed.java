package io.suanli.metering.service;

import io.smallrye.mutiny.Uni;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
import io.suanli.security.Caller;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Function;

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

    /**
     * The same page as {@link #read(FeedPosition, int, String)} as rows that start with
     * {@link StoredUsage#COLUMNS}, for readers that write them straight into another format (the
     * gRPC pull) and map them after the next page has been asked for.
     */
    public Uni<CommitOrderedFeed.Page<Row>> rows(FeedPosition after, int limit, String tenantScope) {
        return tenantScope == null
                ? feed.read("usage_record", StoredUsage.COLUMNS, null, List.of(), after, limit, Function.identity())
                : feed.read("usage_record", StoredUsage.COLUMNS, "tenant = $4", List.of(tenantScope), after, limit, Function.identity());
    }

    /**
     * The feed as {@code caller} sees it: a tenant caller reads only its own tenant's records (naming
     * another is 403); other callers read {@code requestedTenant}'s, or all for null.
     */
    public Uni<CommitOrderedFeed.Page<StoredUsage>> read(Caller caller, FeedPosition after, int limit, String requestedTenant) {
        return read(after, limit, caller.scopeTenant(requestedTenant, "tenant"));
    }
}
