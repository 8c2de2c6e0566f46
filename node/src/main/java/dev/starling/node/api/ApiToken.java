package dev.starling.node.api;

import dev.starling.protocol.LocalApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The node's API secret: a fresh random token each start, written to {@code api-token} in the
 * data directory with owner-only permissions from the moment the file exists. Whoever can read
 * that file (the node's user) can drive the API from scripts; the pages the node serves get it
 * as a same-site cookie; another web origin never sees it.
 */
public final class ApiToken {
    public static final String FILE_NAME = LocalApi.TOKEN_FILE;
    public static final String HEADER = LocalApi.TOKEN_HEADER;

    private final String value;
    private final Path file;

    private ApiToken(String value, Path file) {
        this.value = value;
        this.file = file;
    }

    public static ApiToken create(Path dataDir) throws IOException {
        byte[] bits = new byte[32];
        new SecureRandom().nextBytes(bits);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        Path temp = Files.createTempFile(
                dataDir,
                FILE_NAME,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, value + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return new ApiToken(value, file);
    }

    /** A token that lives only in memory, for a local server that scripts never call. */
    public static ApiToken ephemeral() {
        byte[] bits = new byte[32];
        new SecureRandom().nextBytes(bits);
        return new ApiToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bits), null);
    }

    /** Reads a token from the file a node wrote, for clients on the same machine. */
    public static String readFile(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** Reads the token a node wrote, for clients on the same machine. */
    public static String read(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve(FILE_NAME), StandardCharsets.US_ASCII)
                .trim();
    }

    public Path file() {
        return file;
    }

    String value() {
        return value;
    }

    boolean matches(String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ApiToken[" + file + "]";
    }
}
