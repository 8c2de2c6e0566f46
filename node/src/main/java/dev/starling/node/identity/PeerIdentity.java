package dev.starling.node.identity;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
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

    private final KeyPair keyPair;
    private final String peerId;

    public PeerIdentity(KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.peerId = peerIdOf(keyPair.getPublic().getEncoded());
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

    static String peerIdOf(byte[] publicKey) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        StringBuilder id = new StringBuilder(16);
        // 10 bytes = 80 bits = 16 base32 characters.
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (digest[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (digest[i] & 0xff);
        }
        appendBase32(id, high);
        appendBase32(id, low);
        return id.toString().toLowerCase(Locale.ROOT);
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
