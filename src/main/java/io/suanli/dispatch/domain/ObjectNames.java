package io.suanli.dispatch.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deterministic Kubernetes names: the same job, attempt and task always give the same name, so a
 * create retried after a crash or a timeout finds its own object ({@code 409 AlreadyExists}) instead
 * of making a second copy, and a retry of the job (next attempt) gets new names.
 */
public final class ObjectNames {

    /** Kubernetes object names and namespaces used here are DNS-1123 labels. */
    public static final int MAX_LENGTH = 63;
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ObjectNames() {}

    /** {@code sl-<job id>-a<attempt>-t<task>}: at most 49 characters for a UUID job id, 10 retries and 10,000 tasks. */
    public static String taskObject(String jobId, int attempt, int task) {
        String name = ("sl-" + jobId + "-a" + attempt + "-t" + task).toLowerCase(Locale.ROOT);
        if (name.length() <= MAX_LENGTH && isDns1123Label(name)) {
            return name;
        }
        // Only for ids that are not UUIDs: keep it unique and deterministic with a digest.
        return "sl-" + sha256Hex(jobId).substring(0, 40) + "-a" + attempt + "-t" + task;
    }

    /** The tenant's namespace: the tenant name (a DNS-1123 label, the catalog refuses others), optionally prefixed. */
    public static String namespace(String prefix, String tenant) {
        String name = (prefix == null ? "" : prefix) + tenant;
        if (!isDns1123Label(name) || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("namespace '" + name + "' is not a DNS-1123 label of at most 63 characters");
        }
        return name;
    }

    public static boolean isDns1123Label(String s) {
        return s != null && s.length() <= MAX_LENGTH && DNS_1123_LABEL.matcher(s).matches();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
