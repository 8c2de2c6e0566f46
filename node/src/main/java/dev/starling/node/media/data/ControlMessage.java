package dev.starling.node.media.data;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Messages on a link's data channel. Binary with a one-byte type, fixed-size bodies (except
 * probe payload), so decoding a hostile message costs a length check and nothing else.
 */
public sealed interface ControlMessage {
    byte HELLO = 1;
    byte PROBE_DATA = 2;
    byte PROBE_END = 3;
    byte PROBE_ACK = 4;
    byte TIME_REQUEST = 5;
    byte TIME_RESPONSE = 6;

    /** Announces the sender's audio marker epoch and identity so the receiver can time markers. */
    record Hello(long markerEpochMillis, int markerSlot, int videoTag) implements ControlMessage {
    }

    /** Payload only matters for its length; it is never copied out of native memory. */
    record ProbeData(long probeId, int payloadBytes) implements ControlMessage {
    }

    record ProbeEnd(long probeId, long bytes) implements ControlMessage {
    }

    record ProbeAck(long probeId, long bytesReceived) implements ControlMessage {
    }

    record TimeRequest(long probe, long t0Micros) implements ControlMessage {
    }

    record TimeResponse(long probe, long t0Micros, long t1Micros, long t2Micros) implements ControlMessage {
    }

    static ByteBuffer encode(ControlMessage m) {
        if (m instanceof Hello h) {
            return ByteBuffer.allocate(17).put(HELLO).putLong(h.markerEpochMillis()).putInt(h.markerSlot())
                    .putInt(h.videoTag()).flip();
        } else if (m instanceof ProbeData d) {
            ByteBuffer b = ByteBuffer.allocate(9 + d.payloadBytes()).put(PROBE_DATA).putLong(d.probeId());
            b.position(b.limit());
            return b.flip();
        } else if (m instanceof ProbeEnd e) {
            return ByteBuffer.allocate(17).put(PROBE_END).putLong(e.probeId()).putLong(e.bytes()).flip();
        } else if (m instanceof ProbeAck a) {
            return ByteBuffer.allocate(17).put(PROBE_ACK).putLong(a.probeId()).putLong(a.bytesReceived()).flip();
        } else if (m instanceof TimeRequest r) {
            return ByteBuffer.allocate(17).put(TIME_REQUEST).putLong(r.probe()).putLong(r.t0Micros()).flip();
        } else if (m instanceof TimeResponse r) {
            return ByteBuffer.allocate(33).put(TIME_RESPONSE).putLong(r.probe()).putLong(r.t0Micros())
                    .putLong(r.t1Micros()).putLong(r.t2Micros()).flip();
        }
        throw new IllegalArgumentException("unknown message " + m);
    }

    /** Empty for anything malformed; uses absolute reads so the (native) buffer is left untouched. */
    static Optional<ControlMessage> decode(ByteBuffer b) {
        int n = b.remaining();
        if (n < 1) {
            return Optional.empty();
        }
        int p = b.position();
        byte type = b.get(p);
        switch (type) {
            case HELLO:
                if (n != 17) {
                    return Optional.empty();
                }
                int slot = b.getInt(p + 9);
                int tag = b.getInt(p + 13);
                if (slot < 0 || slot > 255 || tag < 0 || tag > 0xFFFF) {
                    return Optional.empty();
                }
                return Optional.of(new Hello(b.getLong(p + 1), slot, tag));
            case PROBE_DATA:
                return n < 9 ? Optional.empty() : Optional.of(new ProbeData(b.getLong(p + 1), n - 9));
            case PROBE_END:
                return n != 17 ? Optional.empty() : Optional.of(new ProbeEnd(b.getLong(p + 1), b.getLong(p + 9)));
            case PROBE_ACK:
                return n != 17 ? Optional.empty() : Optional.of(new ProbeAck(b.getLong(p + 1), b.getLong(p + 9)));
            case TIME_REQUEST:
                return n != 17 ? Optional.empty() : Optional.of(new TimeRequest(b.getLong(p + 1), b.getLong(p + 9)));
            case TIME_RESPONSE:
                return n != 33 ? Optional.empty()
                        : Optional.of(new TimeResponse(b.getLong(p + 1), b.getLong(p + 9), b.getLong(p + 17), b.getLong(p + 25)));
            default:
                return Optional.empty();
        }
    }
}
