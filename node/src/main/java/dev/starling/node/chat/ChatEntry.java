package dev.starling.node.chat;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.ChatMessage;
import java.util.Comparator;

/**
 * One chat line as stored and served.
 *
 * @param sentAtMicros the author's clock when it posted
 * @param receivedAtMicros this node's clock when the line first reached it (equal to sentAt for own lines)
 * @param authorKey the author's public key, and {@code signature} its signature over the line
 *     ({@link ChatSignatures}): kept so the line can be relayed to members who missed it
 */
public record ChatEntry(
        String author,
        long sequence,
        long lamport,
        String authorName,
        String text,
        long sentAtMicros,
        long receivedAtMicros,
        byte[] authorKey,
        byte[] signature) {

    /** The room-wide display order: causal (Lamport), ties broken identically on every node. */
    public static final Comparator<ChatEntry> ROOM_ORDER = Comparator.comparingLong(ChatEntry::lamport)
            .thenComparing(ChatEntry::author)
            .thenComparingLong(ChatEntry::sequence);

    public ChatKey key() {
        return new ChatKey(author, sequence);
    }

    public static ChatEntry from(ChatMessage message, long receivedAtMicros) {
        return new ChatEntry(
                message.getAuthor(),
                message.getSequence(),
                message.getLamport(),
                message.getAuthorName(),
                message.getText(),
                message.getSentAtMicros(),
                receivedAtMicros,
                message.getAuthorKey().toByteArray(),
                message.getSignature().toByteArray());
    }

    public ChatMessage toMessage() {
        return ChatMessage.newBuilder()
                .setAuthor(author)
                .setSequence(sequence)
                .setLamport(lamport)
                .setAuthorName(authorName)
                .setText(text)
                .setSentAtMicros(sentAtMicros)
                .setAuthorKey(ByteString.copyFrom(authorKey == null ? new byte[0] : authorKey))
                .setSignature(ByteString.copyFrom(signature == null ? new byte[0] : signature))
                .build();
    }

    /** Identifies a line in the whole room. */
    public record ChatKey(String author, long sequence) {}
}
