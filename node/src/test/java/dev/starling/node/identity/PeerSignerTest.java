package dev.starling.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class PeerSignerTest {
    private final PeerIdentity alice = identity();
    private final PeerIdentity bob = identity();
    private final byte[] data = "hello room".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureProvesItsAuthorAndNobodyElse() {
        byte[] signature = new PeerSigner(alice).sign(data);
        assertThat(PeerSigner.isSignedBy(alice.peerId(), alice.publicKey(), data, signature))
                .isTrue();
        assertThat(PeerSigner.isSignedBy(bob.peerId(), alice.publicKey(), data, signature))
                .as("alice's key does not hash to bob's id")
                .isFalse();
        assertThat(PeerSigner.isSignedBy(bob.peerId(), bob.publicKey(), data, signature))
                .isFalse();
        byte[] tampered = data.clone();
        tampered[0] ^= 1;
        assertThat(PeerSigner.isSignedBy(alice.peerId(), alice.publicKey(), tampered, signature))
                .isFalse();
    }

    @Test
    void theSignaturesArePlainEd25519() throws Exception {
        byte[] signature = new PeerSigner(alice).sign(data);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(alice.keyPair().getPublic());
        jdk.update(data);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void garbageNeverThrows() {
        assertThat(PeerSigner.isSignedBy(alice.peerId(), new byte[0], data, new byte[64]))
                .isFalse();
        assertThat(PeerSigner.isSignedBy(alice.peerId(), alice.publicKey(), data, new byte[3]))
                .isFalse();
        byte[] key = alice.publicKey();
        byte[] noise = new byte[64];
        java.util.Arrays.fill(noise, (byte) 0xff);
        assertThat(PeerSigner.isSignedBy(alice.peerId(), key, data, noise)).isFalse();
    }

    private static PeerIdentity identity() {
        try {
            return new PeerIdentity(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
