package io.suanli.audit.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditChain;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the audit trail in commit order and verifies its hash chain. */
@Singleton
public class AuditQueries {

    private static final int VERIFY_PAGE = 5_000;

    private final CommitOrderedFeed feed;
    private final Pool pool;

    public AuditQueries(CommitOrderedFeed feed, Pool pool) {
        this.feed = feed;
        this.pool = pool;
    }

    /** A record as the API shows it: its chain position, its canonical fields and its hashes (hex). */
    public Uni<CommitOrderedFeed.Page<Map<String, Object>>> read(FeedPosition after, int limit) {
        return feed.read("audit_record", "canonical, prev_hash, hash", null, List.of(), after, limit, AuditQueries::view);
    }

    private static Map<String, Object> view(Row row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.getLong("feed_id"));
        view.putAll(AuditChain.fields(row.getBuffer("canonical").getBytes()));
        view.put("prevHash", HexFormat.of().formatHex(row.getBuffer("prev_hash").getBytes()));
        view.put("hash", HexFormat.of().formatHex(row.getBuffer("hash").getBytes()));
        return view;
    }

    /** The verdict of a verification: how many records were checked and the first that breaks the chain. */
    public record Verification(boolean intact, long checked, Long firstBrokenId, String reason) {}

    /** Walks the whole chain from its first record, recomputing every hash from the stored bytes. */
    public Uni<Verification> verify() {
        return verifyFrom(0, AuditChain.GENESIS, 0);
    }

    private Uni<Verification> verifyFrom(long afterId, byte[] previousHash, long checked) {
        return pool.preparedQuery("select id, canonical, prev_hash, hash from audit_record where id > $1 order by id limit $2")
                .execute(Tuple.of(afterId, VERIFY_PAGE))
                .chain(rows -> {
                    long expectedId = afterId + 1;
                    byte[] previous = previousHash;
                    long count = checked;
                    for (Row row : rows) {
                        long id = row.getLong("id");
                        if (id != expectedId) {
                            return Uni.createFrom().item(new Verification(false, count, expectedId, "the record is missing"));
                        }
                        byte[] hash = row.getBuffer("hash").getBytes();
                        String fault = AuditChain.fault(previous, row.getBuffer("prev_hash").getBytes(),
                                row.getBuffer("canonical").getBytes(), hash);
                        if (fault != null) {
                            return Uni.createFrom().item(new Verification(false, count, id, fault));
                        }
                        previous = hash;
                        expectedId++;
                        count++;
                    }
                    if (rows.size() < VERIFY_PAGE) {
                        return Uni.createFrom().item(new Verification(true, count, null, null));
                    }
                    return verifyFrom(expectedId - 1, previous, count);
                });
    }
}
