package dev.starling.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.starling.protocol.v1.Envelope;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns frames into envelopes and back, and never throws on bad input.
 *
 * <p>Frames above {@link #maxFrameBytes()} are refused before parsing so a hostile peer cannot
 * make us allocate for it. Every refusal is counted by reason; the counters are per codec
 * instance so that each node reports its own.
 */
public final class EnvelopeCodec {
    /** Default ceiling for one envelope: comfortably above a 256 KiB file chunk plus headers. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    /** Protobuf's own recursion guard; envelopes are shallow, so a small limit is plenty. */
    private static final int MAX_NESTING = 16;

    private final int maxFrameBytes;
    private final Map<Rejection, LongAdder> rejected = new EnumMap<>(Rejection.class);
    private final LongAdder accepted = new LongAdder();

    public EnvelopeCodec() {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    public EnvelopeCodec(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        for (Rejection r : Rejection.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Serializes an envelope, refusing ones this codec would itself refuse to read. */
    public byte[] encode(Envelope envelope) {
        int size = envelope.getSerializedSize();
        if (size > maxFrameBytes) {
            throw new IllegalArgumentException(
                    "envelope of " + size + " bytes exceeds the " + maxFrameBytes + "-byte frame limit");
        }
        return envelope.toByteArray();
    }

    public Decoded decode(byte[] frame) {
        if (frame == null) {
            return reject(Rejection.MALFORMED, "null frame");
        }
        return decode(frame, 0, frame.length);
    }

    public Decoded decode(byte[] buffer, int offset, int length) {
        if (buffer == null || offset < 0 || length < 0 || offset > buffer.length - length) {
            return reject(Rejection.MALFORMED, "frame bounds out of range");
        }
        if (length > maxFrameBytes) {
            return reject(Rejection.OVERSIZED, length + " bytes > limit " + maxFrameBytes);
        }
        Envelope envelope;
        try {
            CodedInputStream in = CodedInputStream.newInstance(buffer, offset, length);
            in.setRecursionLimit(MAX_NESTING);
            in.setSizeLimit(maxFrameBytes);
            envelope = Envelope.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // RuntimeException: protobuf may surface some corrupt UTF-8 or length cases this way.
            return reject(Rejection.MALFORMED, e.getClass().getSimpleName());
        } catch (java.io.IOException e) {
            return reject(Rejection.MALFORMED, "io: " + e.getClass().getSimpleName());
        }
        if (envelope.getVersion() > WireVersion.CURRENT) {
            return reject(Rejection.FUTURE_VERSION, "version " + envelope.getVersion());
        }
        if (envelope.getVersion() == 0 || envelope.getSender().isEmpty()) {
            return reject(Rejection.INCOMPLETE, "missing version or sender");
        }
        if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            return reject(Rejection.UNKNOWN_KIND, "unknown or empty body");
        }
        accepted.increment();
        return Decoded.accepted(envelope);
    }

    public long acceptedCount() {
        return accepted.sum();
    }

    public long rejectedCount(Rejection reason) {
        return rejected.get(reason).sum();
    }

    /** Snapshot of all refusal counters, for the API and metrics. */
    public Map<Rejection, Long> rejectedCounts() {
        Map<Rejection, Long> snapshot = new EnumMap<>(Rejection.class);
        rejected.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    private Decoded reject(Rejection reason, String detail) {
        rejected.get(reason).increment();
        return Decoded.rejected(reason, detail);
    }
}
