package io.suanli.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The local RSA key pair of the demo and the tests: generated once into a directory outside the
 * repository (private.pem readable by its owner only, public.pem for the verifier) and reused.
 * The service and {@code ./suanli token} both call {@link #ensure}, whichever runs first creates it.
 */
public final class LocalKeys {

    public static final String PRIVATE_KEY = "private.pem";
    public static final String PUBLIC_KEY = "public.pem";

    private LocalKeys() {}

    /** Creates the pair in {@code directory} unless it is there; returns the directory. */
    public static synchronized Path ensure(Path directory) {
        Path privateKey = directory.resolve(PRIVATE_KEY);
        Path publicKey = directory.resolve(PUBLIC_KEY);
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return directory;
        }
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            // Write to temporary names and move: a concurrent reader never sees half a key.
            Path tmpPrivate = Files.createTempFile(directory, "private", ".tmp");
            restrict(tmpPrivate);
            Files.writeString(tmpPrivate, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Path tmpPublic = Files.createTempFile(directory, "public", ".tmp");
            Files.writeString(tmpPublic, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            Files.move(tmpPrivate, privateKey, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmpPublic, publicKey, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local key pair in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key that signs local tokens. */
    public static PrivateKey privateKey(Path directory) {
        try {
            String pem = Files.readString(ensure(directory).resolve(PRIVATE_KEY), StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable private key in " + directory, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user profile directory is private already.
        }
    }
}
