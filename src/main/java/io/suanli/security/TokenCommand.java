package io.suanli.security;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./suanli token --role tenant --tenant transport [--subject S] [--hours H] [--keys DIR]}:
 * prints a bearer token signed with the local key pair (created if missing) that a service running
 * with local keys (dev, demo) accepts.
 */
public final class TokenCommand {

    private TokenCommand() {}

    public static void main(String[] args) {
        String role = null;
        String tenant = null;
        String subject = null;
        long hours = 12;
        String keys = System.getenv().getOrDefault("SUANLI_SECURITY_LOCAL_KEYS_DIRECTORY",
                System.getProperty("user.home") + "/.suanli/keys");
        String issuer = System.getenv().getOrDefault("SUANLI_SECURITY_ISSUER", "suanli-local");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--role" -> role = value;
                case "--tenant" -> tenant = value;
                case "--subject" -> subject = value;
                case "--hours" -> hours = Long.parseLong(value);
                case "--keys" -> keys = value;
                default -> fail("unknown option " + args[i]);
            }
            i++;
        }
        if (role == null || !Roles.BY_PRECEDENCE.contains(role)) {
            fail("--role must be one of " + Roles.BY_PRECEDENCE);
        }
        if (Roles.TENANT.equals(role) == (tenant == null)) {
            fail("--tenant NAME is needed with --role tenant, and only with it");
        }
        if (subject == null) {
            subject = tenant != null ? tenant + "-user" : role + "-user";
        }
        System.out.println(LocalTokens.sign(Path.of(keys), issuer, subject, role, tenant, Duration.ofHours(hours)));
    }

    private static void fail(String message) {
        System.err.println("suanli token: " + message
                + "\nusage: ./suanli token --role tenant|operator|billing|regulator [--tenant NAME] [--subject S] [--hours H]");
        System.exit(2);
    }
}
