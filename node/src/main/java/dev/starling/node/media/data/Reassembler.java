package dev.starling.node.media.data;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.starling.protocol.WireVersion;
import dev.starling.protocol.v1.FileFragment;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts {@link Fragmenter} output back together, trusting nothing: every fragment is checked
 * against the bounds and against the first fragment of its message, and anything that does not
 * fit is counted and dropped, together with the partial message it belonged to. Memory is
 * bounded by {@code maxPending} messages of at most {@code maxMessageBytes}, claimed up front from
 * the first fragment's declared size; a new message beyond that evicts the oldest partial one.
 *
 * <p>The channel is ordered and reliable, so the fragments of one message arrive in order;
 * messages may still interleave (two senders on one channel, or a sender that gave up half-way).
 * Thread-safe, though in use one libwebrtc thread feeds it.
 */
public final class Reassembler {
    private final int maxMessageBytes;
    private final int maxFragments;
    private final int maxPending;
    private final Map<Long, Partial> pending = new LinkedHashMap<>();

    private long messages;
    private long fragments;
    private long malformed;
    private long oversized;
    private long unsupported;
    private long stale;
    private long inconsistent;
    private long evicted;

    private static final class Partial {
        final int count;
        final byte[] data;
        int nextIndex;
        int filled;

        Partial(int count, int totalBytes) {
            this.count = count;
            this.data = new byte[totalBytes];
        }
    }

    public Reassembler(int maxMessageBytes, int maxPending) {
        if (maxMessageBytes < 0 || maxPending < 1) {
            throw new IllegalArgumentException("bad bounds");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.maxFragments = Fragmenter.fragmentsFor(maxMessageBytes);
        this.maxPending = maxPending;
    }

    /**
     * Takes one fragment as it came off the wire (read, not consumed) and returns the whole
     * message once its last fragment is in; empty for anything else, including dropped input.
     */
    public synchronized Optional<byte[]> accept(ByteBuffer wire) {
        fragments++;
        if (wire.remaining() > Fragmenter.MAX_WIRE_BYTES) {
            oversized++;
            return Optional.empty();
        }
        FileFragment f;
        try {
            f = FileFragment.parseFrom(wire.duplicate());
        } catch (InvalidProtocolBufferException e) {
            malformed++;
            return Optional.empty();
        }
        if (f.getVersion() != WireVersion.CURRENT) {
            unsupported++;
            return Optional.empty();
        }
        int count = f.getCount();
        int total = f.getTotalBytes();
        int index = f.getIndex();
        if (total < 0 || total > maxMessageBytes || count < 1 || count > maxFragments) {
            oversized++;
            drop(f.getMessageId());
            return Optional.empty();
        }
        if (index < 0 || index >= count || count != Fragmenter.fragmentsFor(total)) {
            malformed++;
            drop(f.getMessageId());
            return Optional.empty();
        }
        Partial partial;
        if (index == 0) {
            if (pending.remove(f.getMessageId()) != null) {
                inconsistent++; // a message id restarted: the old one can never complete
            }
            evictForRoom();
            partial = new Partial(count, total);
            pending.put(f.getMessageId(), partial);
        } else {
            partial = pending.get(f.getMessageId());
            if (partial == null) {
                stale++;
                return Optional.empty();
            }
        }
        int length = f.getPayload().size();
        if (index != partial.nextIndex
                || count != partial.count
                || total != partial.data.length
                || partial.filled + length > total
                || (index < count - 1 && length != Fragmenter.MAX_PAYLOAD_BYTES)) {
            inconsistent++;
            pending.remove(f.getMessageId());
            return Optional.empty();
        }
        f.getPayload().copyTo(partial.data, partial.filled);
        partial.filled += length;
        partial.nextIndex++;
        if (partial.nextIndex < count) {
            return Optional.empty();
        }
        pending.remove(f.getMessageId());
        if (partial.filled != total) {
            inconsistent++;
            return Optional.empty();
        }
        messages++;
        return Optional.of(partial.data);
    }

    private void drop(long messageId) {
        pending.remove(messageId);
    }

    private void evictForRoom() {
        Iterator<Long> oldest = pending.keySet().iterator();
        while (pending.size() >= maxPending && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
            evicted++;
        }
    }

    /** Forgets every partial message (the channel closed). */
    public synchronized void clear() {
        pending.clear();
    }

    public synchronized int pendingMessages() {
        return pending.size();
    }

    /** Bytes claimed by partial messages right now. */
    public synchronized long pendingBytes() {
        return pending.values().stream().mapToLong(p -> p.data.length).sum();
    }

    public synchronized Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("fragments", fragments);
        out.put("messages", messages);
        out.put("malformed", malformed);
        out.put("oversized", oversized);
        out.put("unsupportedVersion", unsupported);
        out.put("stale", stale);
        out.put("inconsistent", inconsistent);
        out.put("evicted", evicted);
        return out;
    }

    /** Fragments dropped for any reason. */
    public synchronized long dropped() {
        return malformed + oversized + unsupported + stale + inconsistent;
    }
}
