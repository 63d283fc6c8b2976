package io.emergencyinbox.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates, at first start, the key pairs the configuration refers to under {@code var/keys/}:
 * {@code jmap-signing.key}/{@code .pub} (JMAP's token signing key) and {@code jwt_privatekey.pem}/
 * {@code jwt_publickey.pem} (for JWT bearer tokens accepted by JMAP). Keys are never committed;
 * existing ones are kept.
 */
public final class KeyMaterial {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyMaterial.class);

    public static void ensureGenerated(Path varDirectory) {
        Path keys = varDirectory.resolve("keys");
        try {
            Files.createDirectories(keys);
            ensureKeyPair(keys.resolve("jmap-signing.key"), keys.resolve("jmap-signing.pub"));
            ensureKeyPair(keys.resolve("jwt_privatekey.pem"), keys.resolve("jwt_publickey.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot generate keys under " + keys, e);
        }
    }

    private static void ensureKeyPair(Path privateKey, Path publicKey) throws IOException {
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return;
        }
        KeyPair pair = rsa();
        writePem(privateKey, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
        writePem(publicKey, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
        LOGGER.info("Generated a new key pair {} / {}", privateKey, publicKey);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    private static void writePem(Path path, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + type + "-----\n";
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
        if (secret) {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: rely on the directory's permissions
            }
        }
        Files.move(temporary, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private KeyMaterial() {
    }
}
