package io.suanli.common.feed;

import io.suanli.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A reader's place in a commit-ordered feed: the writing transaction's id and the row id within
 * it. Opaque to clients, who only pass it back.
 */
public record FeedPosition(long transactionId, long rowId) {

    public static final FeedPosition START = new FeedPosition(0, 0);

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("f:" + transactionId + ":" + rowId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a client passed back; null or empty means the start of the feed. */
    public static FeedPosition decode(String cursor, String field) {
        if (cursor == null || cursor.isEmpty()) {
            return START;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals("f")) {
                throw new IllegalArgumentException();
            }
            long tx = Long.parseLong(parts[1]);
            long row = Long.parseLong(parts[2]);
            if (tx < 0 || row < 0) {
                throw new IllegalArgumentException();
            }
            return new FeedPosition(tx, row);
        } catch (IllegalArgumentException e) {
            throw ProblemException.malformed(field, "not a feed position returned by this API");
        }
    }
}
