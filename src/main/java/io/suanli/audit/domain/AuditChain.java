package io.suanli.audit.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain's rules, shared by the writer and the verifier. A record's canonical form is a
 * JSON object with its keys in alphabetical order and the time as an ISO-8601 string, encoded as
 * UTF-8; those bytes are stored as they are and never re-serialized, so hashing them again gives the
 * same digest. Each record's hash is SHA-256(previous hash || canonical bytes); the first record
 * follows 32 zero bytes.
 */
public final class AuditChain {

    public static final byte[] GENESIS = new byte[32];
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditChain() {}

    /** The canonical text of {@code entry} at {@code at}; PostgreSQL stores its UTF-8 bytes. */
    public static String canonical(AuditEntry entry, Instant at) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("v", 1);
        fields.put("at", at.toString());
        fields.put("actor", entry.caller().subject());
        fields.put("role", entry.caller().role());
        fields.put("tenant", entry.caller().tenant());
        fields.put("action", entry.action());
        fields.put("target", entry.target());
        fields.put("before", entry.before());
        fields.put("after", entry.after());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] link(byte[] previousHash, byte[] canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousHash);
            return sha.digest(canonical);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a stored record does not fit the chain after {@code expectedPrevious}, or null when it does. */
    public static String fault(byte[] expectedPrevious, byte[] storedPrevious, byte[] canonical, byte[] storedHash) {
        if (!Arrays.equals(expectedPrevious, storedPrevious)) {
            return "its previous hash is not the hash of the record before it";
        }
        if (!Arrays.equals(link(storedPrevious, canonical), storedHash)) {
            return "its content does not match its hash";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(byte[] canonical) {
        try {
            return JSON.readValue(new String(canonical, StandardCharsets.UTF_8), Map.class);
        } catch (java.io.IOException e) {
            return Map.of("unreadable", true);
        }
    }
}
