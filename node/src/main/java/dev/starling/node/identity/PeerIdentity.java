package dev.starling.node.identity;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who this node is: an Ed25519 key pair and the peer id derived from its public key.
 *
 * <p>The peer id is the first 80 bits of SHA-256(public key) in lowercase base32: short enough to
 * read in logs, long enough that two nodes never collide by accident, and safe to show in the
 * clear (JGroups puts it on the wire as the logical name).
 */
public final class PeerIdentity {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** Length of the raw peer id: 80 bits. */
    public static final int ID_BYTES = 10;

    private final KeyPair keyPair;
    private final byte[] idBytes;
    private final String peerId;

    public PeerIdentity(KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.idBytes = idBytesOf(keyPair.getPublic().getEncoded());
        this.peerId = encode(idBytes, 0);
    }

    /** The raw 80-bit peer id, for carrying it inside transport addresses. */
    public byte[] idBytes() {
        return idBytes.clone();
    }

    public String peerId() {
        return peerId;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public byte[] publicKey() {
        return keyPair.getPublic().getEncoded();
    }

    /** The peer id a public key stands for: what a signed message's sender must be. */
    public static String peerIdOf(byte[] publicKey) {
        return encode(idBytesOf(publicKey), 0);
    }

    private static byte[] idBytesOf(byte[] publicKey) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(publicKey), ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Base32 text of the {@link #ID_BYTES} bytes at {@code offset}: 80 bits = 16 characters. */
    public static String encode(byte[] bytes, int offset) {
        StringBuilder id = new StringBuilder(16);
        long high = 0;
        for (int i = offset; i < offset + 5; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
        }
        long low = 0;
        for (int i = offset + 5; i < offset + ID_BYTES; i++) {
            low = (low << 8) | (bytes[i] & 0xff);
        }
        appendBase32(id, high);
        appendBase32(id, low);
        return id.toString();
    }

    private static void appendBase32(StringBuilder out, long fortyBits) {
        for (int shift = 35; shift >= 0; shift -= 5) {
            out.append(BASE32[(int) ((fortyBits >>> shift) & 31)]);
        }
    }

    @Override
    public String toString() {
        return "PeerIdentity[" + peerId + "]";
    }
}
