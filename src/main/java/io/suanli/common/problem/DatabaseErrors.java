package io.suanli.common.problem;

/** Reads what PostgreSQL said behind a failure, however the reactive stack wrapped it. */
public final class DatabaseErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    private DatabaseErrors() {}

    /** The SQLSTATE of a database error anywhere in the cause chain, or null. */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
        }
        return null;
    }
}
