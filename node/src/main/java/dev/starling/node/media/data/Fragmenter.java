package dev.starling.node.media.data;

import com.google.protobuf.ByteString;
import dev.starling.protocol.WireVersion;
import dev.starling.protocol.v1.FileFragment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one message into {@link FileFragment}s no larger than {@link #MAX_WIRE_BYTES} each, the
 * size libwebrtc's SCTP and every browser send without trouble and that keeps one chunk from
 * holding the association for long. Not thread-safe: one per sending channel, used under its
 * send lock, so message ids are unique per channel.
 */
public final class Fragmenter {
    public static final int MAX_WIRE_BYTES = 16 * 1024;
    /**
     * Framing around the payload at its largest: tags plus varints for version (2), message id
     * (11), index, count and total (6 each) and the payload's length (4). Fixed, so every
     * fragment of a message but the last carries the same payload size.
     */
    static final int HEADER_BYTES = 35;

    public static final int MAX_PAYLOAD_BYTES = MAX_WIRE_BYTES - HEADER_BYTES;

    private long nextMessageId;

    public Fragmenter(long firstMessageId) {
        this.nextMessageId = firstMessageId;
    }

    /** The fragments of {@code message}, in order; an empty message still makes one fragment. */
    public List<ByteBuffer> split(byte[] message) {
        long id = nextMessageId++;
        int count = Math.max(1, (message.length + MAX_PAYLOAD_BYTES - 1) / MAX_PAYLOAD_BYTES);
        List<ByteBuffer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * MAX_PAYLOAD_BYTES;
            int length = Math.min(MAX_PAYLOAD_BYTES, message.length - from);
            out.add(ByteBuffer.wrap(FileFragment.newBuilder()
                    .setVersion(WireVersion.CURRENT)
                    .setMessageId(id)
                    .setIndex(i)
                    .setCount(count)
                    .setTotalBytes(message.length)
                    .setPayload(ByteString.copyFrom(message, from, length))
                    .build()
                    .toByteArray()));
        }
        return out;
    }

    /** How many fragments a message of this size becomes. */
    public static int fragmentsFor(int messageBytes) {
        return Math.max(1, (messageBytes + MAX_PAYLOAD_BYTES - 1) / MAX_PAYLOAD_BYTES);
    }
}
