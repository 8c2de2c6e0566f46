package dev.starling.node.chat;

import com.google.protobuf.ByteString;
import dev.starling.node.identity.PeerSigner;
import dev.starling.protocol.v1.ChatMessage;

/**
 * Chat lines signed by their author. A line travels again in other members' history pages long
 * after its author sent it, so the envelope's signature (which names the relaying member) cannot
 * vouch for it; the line carries its author's own.
 */
public final class ChatSignatures {
    private ChatSignatures() {}

    public static ChatMessage sign(ChatMessage line, PeerSigner signer) {
        ChatMessage withKey = line.toBuilder()
                .setAuthorKey(ByteString.copyFrom(signer.publicKey()))
                .clearSignature()
                .build();
        return withKey.toBuilder()
                .setSignature(ByteString.copyFrom(signer.sign(withKey.toByteArray())))
                .build();
    }

    public static boolean isAuthentic(ChatMessage line) {
        return PeerSigner.isSignedBy(
                line.getAuthor(),
                line.getAuthorKey().toByteArray(),
                line.toBuilder().clearSignature().build().toByteArray(),
                line.getSignature().toByteArray());
    }
}
