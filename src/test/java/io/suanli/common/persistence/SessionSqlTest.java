package io.suanli.common.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** Plain SQL on a session's own connection: same transaction, positional parameters, bytea as bytes. */
@QuarkusTest
class SessionSqlTest {

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void selectBindsParametersAndReturnsEachRowsColumns() throws Throwable {
        List<Object[]> rows = VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(session -> SessionSql.select(session,
                "select k, $2::int * 10, decode('00ff', 'hex') from unnest(cast($1 as text[])) as k order by k",
                new String[] {"b", "a"}, 4)));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("a", 40, new byte[] {0, (byte) 0xff});
        assertThat(rows.get(1)[0]).isEqualTo("b");
    }

    @Test
    void statementsRunInTheSessionsTransactionOnItsConnection() throws Throwable {
        // A temporary table dropped at commit exists only on this connection, in this transaction.
        Long seen = VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(session -> session
                .createNativeQuery("create temporary table session_sql_probe (x int) on commit drop").executeUpdate()
                .chain(() -> SessionSql.update(session, "insert into session_sql_probe select generate_series(1, $1)", 3))
                .invoke(inserted -> assertThat(inserted).isEqualTo(3))
                .chain(() -> SessionSql.select(session, "select count(*) from session_sql_probe"))
                .map(rows -> (Long) rows.get(0)[0])));

        assertThat(seen).isEqualTo(3L);
    }
}
