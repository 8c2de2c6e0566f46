package dev.starling.node.room;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.starling.node.identity.PeerSigner;
import dev.starling.protocol.v1.SignedEnvelope;
import java.util.Optional;

/**
 * The room's signature layer: every envelope this node sends goes out inside a
 * {@link SignedEnvelope}, and an incoming one is opened only if the member it came from signed it.
 * The encryption below proves a frame came from someone with the password; this proves which
 * member, so no member can speak as another.
 */
final class EnvelopeSignatures {
    /** A signed frame carries this much around its envelope: key, signature and their tags. */
    static final int OVERHEAD_BYTES = 128;

    private final PeerSigner signer;
    private final ByteString publicKey;

    EnvelopeSignatures(PeerSigner signer) {
        this.signer = signer;
        this.publicKey = ByteString.copyFrom(signer.publicKey());
    }

    byte[] sign(byte[] envelope) {
        return SignedEnvelope.newBuilder()
                .setEnvelope(ByteString.copyFrom(envelope))
                .setSenderKey(publicKey)
                .setSignature(ByteString.copyFrom(signer.sign(envelope)))
                .build()
                .toByteArray();
    }

    /** The envelope bytes, if {@code sender} signed them; empty for anything else. */
    static Optional<byte[]> open(byte[] buffer, int offset, int length, String sender) {
        SignedEnvelope signed;
        try {
            signed = SignedEnvelope.parseFrom(ByteString.copyFrom(buffer, offset, length));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        byte[] envelope = signed.getEnvelope().toByteArray();
        return PeerSigner.isSignedBy(
                        sender,
                        signed.getSenderKey().toByteArray(),
                        envelope,
                        signed.getSignature().toByteArray())
                ? Optional.of(envelope)
                : Optional.empty();
    }
}
