package io.suanli.common.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads an append-only table in commit order so that a reader resuming from a position never
 * skips a row and never sees one twice. Rows carry {@code tx xid8 default pg_current_xact_id()}
 * and a unique {@code id}; the reader orders by {@code (tx, id)} and stops below the oldest
 * transaction still running ({@code pg_snapshot_xmin}), so a transaction that commits late cannot
 * land behind a position already handed out. A sequence alone would skip such rows.
 */
@Singleton
public class CommitOrderedFeed {

    private final Pool pool;

    public CommitOrderedFeed(Pool pool) {
        this.pool = pool;
    }

    /** One page of a feed, and the position to read on from (the same one when empty). */
    public record Page<T>(List<T> items, FeedPosition next) {}

    /**
     * Reads up to {@code limit} rows of {@code table} after {@code after}. {@code columns} are
     * selected as given; {@code filter} is an extra SQL condition on the row ({@code $4} and up
     * may be used by it, bound from {@code filterParams}) or null.
     */
    public <T> Uni<Page<T>> read(String table, String columns, String filter, List<Object> filterParams,
            FeedPosition after, int limit, Function<Row, T> mapper) {
        String sql = "select " + columns + ", tx::text as feed_tx, id as feed_id from " + table
                + " where (tx, id) > ($1::text::xid8, $2) and tx < pg_snapshot_xmin(pg_current_snapshot())"
                + (filter == null ? "" : " and (" + filter + ")")
                + " order by tx, id limit $3";
        Tuple params = Tuple.of(Long.toString(after.transactionId()), after.rowId(), limit);
        filterParams.forEach(params::addValue);
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<T> items = new ArrayList<>(rows.size());
            Row last = null;
            for (Row row : rows) {
                items.add(mapper.apply(row));
                last = row;
            }
            // The position columns are the last two of every row; only the last row's is needed.
            return new Page<>(items, last == null ? after
                    : new FeedPosition(Long.parseLong(last.getString(last.size() - 2)), last.getLong(last.size() - 1)));
        });
    }
}
