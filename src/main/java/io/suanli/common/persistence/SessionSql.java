package io.suanli.common.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

/**
 * Plain SQL ({@code $1, $2, ...} parameters) on a Hibernate Reactive session's own connection, in
 * its transaction, for the statements every job submission runs. Hibernate's native queries cost
 * far more than the statement on this path: Hibernate 7.2 files each native select's plan under a
 * cache key that never equals the next call's, so the plan cache filled up with copies of the same
 * few statements and every lookup scanned them (11 % of the service's CPU per submitted job), and
 * each call builds and resolves a query object. Nothing is flushed here: callers flush first when
 * the session holds changes the statement depends on.
 */
public final class SessionSql {

    private SessionSql() {}

    /** The rows of {@code sql}, each as its column values; a {@code bytea} column comes back as {@code byte[]}. */
    public static Uni<List<Object[]>> select(Mutiny.Session session, String sql, Object... parameters) {
        return Uni.createFrom().completionStage(() -> connection(session).select(sql, parameters)).map(result -> {
            List<Object[]> rows = new ArrayList<>(result.size());
            result.forEachRemaining(row -> {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] instanceof Buffer buffer) {
                        row[i] = buffer.getBytes();
                    }
                }
                rows.add(row);
            });
            return rows;
        });
    }

    /** Runs an insert, update or delete; its row count. */
    public static Uni<Integer> update(Mutiny.Session session, String sql, Object... parameters) {
        return Uni.createFrom().completionStage(() -> connection(session).update(sql, parameters));
    }

    // Mutiny.Session does not expose its connection; its implementation does (Hibernate Reactive 3.2,
    // pinned by the Quarkus BOM; SessionSqlTest fails first if that changes).
    private static ReactiveConnection connection(Mutiny.Session session) {
        return ((MutinySessionImpl) session).getReactiveConnection();
    }
}
