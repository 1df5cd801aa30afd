package io.suanli.metering.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.metering.domain.FocusRows;
import io.suanli.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Streams usage records whose charge period starts in {@code [from, to)} as FOCUS CSV, a page of
 * rows at a time in (start, id) order: memory stays flat however many records the range holds.
 */
@Singleton
public class FocusExport {

    static final int PAGE = 2_000;

    private final Pool pool;
    private final SettingsStore settings;

    public FocusExport(Pool pool, SettingsStore settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** Where the next page starts: after the last (starts_at, id) written. */
    private static final class Cursor {
        OffsetDateTime startsAt;
        long id;
        boolean done;
    }

    /** The export as {@code caller} may read it: a tenant caller only its own tenant's records (naming another is 403). */
    public Multi<String> csv(Caller caller, Instant from, Instant to, String requestedTenant) {
        return csv(from, to, caller.scopeTenant(requestedTenant, "tenant"));
    }

    /** The CSV as chunks: the header, then one chunk per page; {@code tenantScope} null for all tenants. */
    public Multi<String> csv(Instant from, Instant to, String tenantScope) {
        return Uni.createFrom().deferred(settings::get).toMulti().flatMap(exchange -> {
            ZoneId zone = ZoneId.of(exchange.timeZone());
            Cursor cursor = new Cursor();
            cursor.startsAt = from.atOffset(ZoneOffset.UTC);
            cursor.id = -1;
            Multi<String> pages = Multi.createBy().repeating()
                    .uni(() -> cursor, c -> page(c, to, tenantScope).map(rows -> render(rows, c, zone)))
                    .whilst(chunk -> !cursor.done);
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(FocusRows.header()), pages);
        });
    }

    private Uni<RowSet<Row>> page(Cursor c, Instant to, String tenantScope) {
        String sql = "select id, " + StoredUsage.COLUMNS + " from usage_record"
                + " where (starts_at, id) > ($1, $2) and starts_at < $3"
                + (tenantScope == null ? "" : " and tenant = $5")
                + " order by starts_at, id limit $4";
        Tuple params = Tuple.of(c.startsAt, c.id, to.atOffset(ZoneOffset.UTC), PAGE);
        if (tenantScope != null) {
            params.addValue(tenantScope);
        }
        return pool.preparedQuery(sql).execute(params);
    }

    private static String render(RowSet<Row> rows, Cursor c, ZoneId zone) {
        StringBuilder out = new StringBuilder(rows.size() * 1_200);
        for (Row row : rows) {
            StoredUsage usage = StoredUsage.of(row);
            FocusRows.append(out, usage.record(), usage.billingDay(), zone);
            c.startsAt = row.getOffsetDateTime("starts_at");
            c.id = row.getLong("id");
        }
        c.done = rows.size() < PAGE;
        return out.toString();
    }
}
