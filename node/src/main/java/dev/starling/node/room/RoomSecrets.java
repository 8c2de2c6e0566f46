package dev.starling.node.room;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Everything a node derives from (room id, password).
 *
 * <p>The password is stretched once with PBKDF2-HMAC-SHA256 (salted by the room id, so the same
 * password in two rooms gives unrelated keys), and the result is split with HMAC into independent
 * subkeys: one for the AEAD that protects room traffic, one for join authentication. The JGroups
 * cluster name travels in clear in discovery, so it is the same for every room: a hash of the room
 * id would let anyone on the path confirm a guessed room id. A node that asks a member of another
 * room (or with another password) to let it in is refused by the join gate, which says so.
 */
public final class RoomSecrets {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int PBKDF2_ITERATIONS = 600_000;

    private static final int KEY_BYTES = 32;

    private final String clusterName;
    private final byte[] trafficKey;
    private final byte[] joinKey;

    private RoomSecrets(String clusterName, byte[] trafficKey, byte[] joinKey) {
        this.clusterName = clusterName;
        this.trafficKey = trafficKey;
        this.joinKey = joinKey;
    }

    public static RoomSecrets derive(String roomId, char[] password) {
        return derive(roomId, password, PBKDF2_ITERATIONS);
    }

    static RoomSecrets derive(String roomId, char[] password, int iterations) {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(password, "password");
        if (roomId.isBlank()) {
            throw new IllegalArgumentException("room id must not be blank");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        byte[] salt = sha256("starling/v1/room-salt/" + roomId);
        byte[] master = pbkdf2(password, salt, iterations);
        try {
            return new RoomSecrets(
                    CLUSTER_NAME, hmac(master, "starling/v1/traffic-key"), hmac(master, "starling/v1/join-key"));
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** The JGroups cluster name: one per room protocol version, never derived from the room. */
    public static final String CLUSTER_NAME = "starling-room-v2";

    /**
     * Where a room's state lives in a node's data directory: a hash of the room id, so two rooms
     * never share a chat log. Local only; it never goes on the wire.
     */
    public static String directoryFor(String roomId) {
        byte[] digest = sha256("starling/v1/cluster/" + roomId);
        return "stl-" + HexFormat.of().formatHex(digest, 0, 16);
    }

    public String clusterName() {
        return clusterName;
    }

    /** 256-bit key for ChaCha20-Poly1305 over room traffic. */
    public SecretKeySpec trafficKey() {
        return new SecretKeySpec(trafficKey, "ChaCha20-Poly1305");
    }

    /** 256-bit key proving room membership at join time. */
    byte[] joinKey() {
        return joinKey.clone();
    }

    @Override
    public String toString() {
        return "RoomSecrets[cluster=" + clusterName + ", keys=<redacted>]";
    }

    static byte[] hmac(byte[] key, String label) {
        return hmac(key, label.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Encodes a char[] password as UTF-8 without creating a String (which could linger). */
    static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
