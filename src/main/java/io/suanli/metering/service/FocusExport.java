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
import java.util.ArrayList;
import java.util.List;

/**
 * Streams usage records whose charge period starts in {@code [from, to)} as FOCUS CSV, a page of
 * rows at a time in (start, id) order: memory stays flat however many records the range holds
 * (two pages at most: the one being written and the one read ahead).
 *
 * <p>While a chunk is written to the client, the next page is already being read and rendered,
 * so the database, the rendering and the client's reading overlap instead of taking turns.
 */
@Singleton
public class FocusExport {

    static final int PAGE = 4_000;
    /**
     * Records per chunk written: about 230 KB of CSV. A chunk of a whole page (7 MB) was a
     * "humongous" allocation for G1 at -Xmx512m (over half a 1 MB region), three times over
     * (builder, string, bytes), which started old-generation cycles all through the export.
     */
    static final int CHUNK = 128;

    private final Pool pool;
    private final SettingsStore settings;

    public FocusExport(Pool pool, SettingsStore settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** The export as {@code caller} may read it: a tenant caller only its own tenant's records (naming another is 403). */
    public Multi<String> csv(Caller caller, Instant from, Instant to, String tenantScope) {
        return csv(from, to, caller.scopeTenant(tenantScope, "tenant"));
    }

    /** The CSV as chunks: the header, then one chunk per page; {@code tenantScope} null for all tenants. */
    public Multi<String> csv(Instant from, Instant to, String tenantScope) {
        return Uni.createFrom().deferred(settings::get).toMulti().flatMap(exchange -> {
            Pages pages = new Pages(to, tenantScope, new FocusRows(ZoneId.of(exchange.timeZone())));
            Multi<String> chunks = Multi.createBy().repeating()
                    .uni(() -> pages, p -> p.next(from.atOffset(ZoneOffset.UTC)))
                    .whilst(chunk -> !pages.done)
                    .onItem().<String>disjoint();
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(FocusRows.header()), chunks);
        });
    }

    /** One rendered page, and where the next one starts: after the last (starts_at, id) written. */
    private record Chunk(List<String> csv, OffsetDateTime lastStartsAt, long lastId, boolean last) {}

    /** The pages of one export, read one ahead. */
    private final class Pages {
        private final Instant to;
        private final String tenantScope;
        private final FocusRows rows;
        private Uni<Chunk> ahead;
        private boolean started;
        boolean done;

        Pages(Instant to, String tenantScope, FocusRows rows) {
            this.to = to;
            this.tenantScope = tenantScope;
            this.rows = rows;
        }

        /** The next chunk; once it is here, the one after it is read and rendered while it is written. */
        Uni<List<String>> next(OffsetDateTime from) {
            Uni<Chunk> current = started ? ahead : page(from, -1);
            started = true;
            ahead = null;
            return current.map(chunk -> {
                done = chunk.last();
                if (!chunk.last()) {
                    ahead = page(chunk.lastStartsAt(), chunk.lastId()).memoize().indefinitely();
                    ahead.subscribe().with(ignored -> {}, ignored -> {});
                }
                return chunk.csv();
            });
        }

        private Uni<Chunk> page(OffsetDateTime afterStartsAt, long afterId) {
            String sql = "select " + StoredUsage.COLUMNS + ", id from usage_record"
                    + " where (starts_at, id) > ($1, $2) and starts_at < $3"
                    + (tenantScope == null ? "" : " and tenant = $5")
                    + " order by starts_at, id limit $4";
            Tuple params = Tuple.of(afterStartsAt, afterId, to.atOffset(ZoneOffset.UTC), PAGE);
            if (tenantScope != null) {
                params.addValue(tenantScope);
            }
            return pool.preparedQuery(sql).execute(params).map(this::render);
        }

        private Chunk render(RowSet<Row> page) {
            List<String> chunks = new ArrayList<>(PAGE / CHUNK + 1);
            StringBuilder out = new StringBuilder(CHUNK * 1_800);
            OffsetDateTime lastStartsAt = null;
            long lastId = -1;
            int inChunk = 0;
            for (Row row : page) {
                StoredUsage usage = StoredUsage.of(row);
                rows.append(out, usage.record(), usage.billingDay());
                lastStartsAt = row.getOffsetDateTime(StoredUsage.STARTS_AT);
                lastId = row.getLong(row.size() - 1);
                if (++inChunk == CHUNK) {
                    chunks.add(out.toString());
                    out.setLength(0);
                    inChunk = 0;
                }
            }
            if (inChunk > 0 || chunks.isEmpty()) {
                chunks.add(out.toString());
            }
            return new Chunk(chunks, lastStartsAt, lastId, page.size() < PAGE);
        }
    }
}
