package io.suanli.audit.domain;

import io.suanli.security.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One state-changing action for the audit trail: who (the caller), what (action, target) and a
 * digest of the state before and after (null where there was none: a creation, a deletion).
 */
public record AuditEntry(Caller caller, String action, String target, String before, String after) {

    /** An entry whose before and after are digests of the given states' text forms. */
    public static AuditEntry of(Caller caller, String action, String target, Object before, Object after) {
        return new AuditEntry(caller, action, target, digest(before), digest(after));
    }

    /**
     * SHA-256 (hex) of a state's text form: records print every component, so two states digest
     * alike only when all their values are equal. Null for no state.
     */
    public static String digest(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(state).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
