package io.suanli.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditChain;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.common.persistence.SessionSql;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Appends audit records in the caller's transaction, so a change and its record commit or roll
 * back together. Call it last in the transaction: it flushes the session first, then one
 * {@code audit_append} call takes the chain head's lock, which is held until the commit; all
 * records of one transaction share that one call.
 */
@Singleton
public class AuditTrail {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPEND = "select audit_append(cast($1 as text)::json)";

    private final Clock clock;

    public AuditTrail(Clock clock) {
        this.clock = clock;
    }

    public Uni<Void> append(Mutiny.Session session, AuditEntry entry) {
        return append(session, List.of(entry));
    }

    public Uni<Void> append(Mutiny.Session session, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String batch = batch(entries);
        // Bound as text: the reactive client would send a String bound to json as a JSON string.
        return session.flush().chain(() -> SessionSql.select(session, APPEND, batch)).replaceWithVoid();
    }

    /** As {@link #append(Mutiny.Session, AuditEntry)}, for writers on a plain SQL connection in a transaction. */
    public Uni<Void> append(SqlConnection connection, AuditEntry entry) {
        return connection.preparedQuery(APPEND)
                .execute(Tuple.of(batch(List.of(entry))))
                .replaceWithVoid();
    }

    /** The entries' canonical texts at the clock's now, as the JSON array audit_append takes. */
    private String batch(List<AuditEntry> entries) {
        Instant at = clock.instant();
        try {
            return JSON.writeValueAsString(entries.stream().map(e -> AuditChain.canonical(e, at)).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
