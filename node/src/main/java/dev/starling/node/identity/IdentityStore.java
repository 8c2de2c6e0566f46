package dev.starling.node.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Keeps a node's Ed25519 key pair in its data directory so the peer id survives restarts.
 *
 * <p>Files: {@code identity/ed25519.key} (PKCS#8, owner-only) and {@code identity/ed25519.pub}
 * (X.509). Both are written to a temporary file and moved into place, so a crash mid-write never
 * leaves a half key behind.
 */
public final class IdentityStore {
    private static final String ALGORITHM = "Ed25519";

    private final Path directory;

    public IdentityStore(Path dataDir) {
        this.directory = dataDir.resolve("identity");
    }

    public PeerIdentity loadOrCreate() throws IOException {
        Path privateFile = directory.resolve("ed25519.key");
        Path publicFile = directory.resolve("ed25519.pub");
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return new PeerIdentity(read(privateFile, publicFile));
        }
        KeyPair generated = generate();
        Files.createDirectories(directory);
        writeAtomically(privateFile, generated.getPrivate().getEncoded(), true);
        writeAtomically(publicFile, generated.getPublic().getEncoded(), false);
        return new PeerIdentity(generated);
    }

    private static KeyPair read(Path privateFile, Path publicFile) throws IOException {
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile)));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "identity files in " + privateFile.getParent()
                            + " are not a valid Ed25519 key pair; move them away to create a new identity",
                    e);
        }
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    private static void writeAtomically(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (ownerOnly) {
            // Created owner-only, so the key is never readable by others, not even for a moment.
            try {
                Files.createFile(
                        temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException ignored) {
                // Non-POSIX file system: nothing finer to set.
            }
        }
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
