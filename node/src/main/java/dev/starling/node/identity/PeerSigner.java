package dev.starling.node.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * Signs what this node says with its Ed25519 key, and checks what others say with theirs.
 *
 * <p>A peer id is a hash of a public key, so a signature that verifies under a key whose hash is
 * the claimed author proves the author wrote it: no directory of keys is needed, and a member who
 * knows the room password still cannot speak for another member.
 */
public final class PeerSigner {
    private static final String ALGORITHM = "Ed25519";
    /** X.509 SubjectPublicKeyInfo of an Ed25519 key: 12 bytes of header and 32 of key. */
    private static final int PUBLIC_KEY_BYTES = 44;

    private static final int SIGNATURE_BYTES = 64;

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    public PeerSigner(PeerIdentity identity) {
        this.privateKey = identity.keyPair().getPrivate();
        this.publicKey = identity.publicKey();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    /**
     * True when {@code signature} is {@code author}'s over {@code data}: the key hashes to the
     * author's peer id and the signature verifies under it. Never throws on hostile input.
     */
    public static boolean isSignedBy(String author, byte[] publicKey, byte[] data, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_BYTES
                || signature.length != SIGNATURE_BYTES
                || !PeerIdentity.peerIdOf(publicKey).equals(author)) {
            return false;
        }
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(publicKey));
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
