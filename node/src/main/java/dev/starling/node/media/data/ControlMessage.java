package dev.starling.node.media.data;

import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.mixing.ShownPicture;
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
    byte MIX_CONTENTS = 7;
    byte MIX_LEVELS = 8;
    byte COMPOSITE = 9;
    /** Bounds of a mix-contents message: a room's peers, each id at most this long (printable ASCII). */
    int MAX_ORIGINS = 64;

    int MAX_ORIGIN_LENGTH = 64;

    /**
     * Announces the sender's audio marker epoch and identity so the receiver can time markers, and
     * how the sender wants audio: as packets on the audio channel, or (a node that plays on a
     * sound card, or one from before the audio channel, whose hello is a byte shorter) as RTP.
     */
    record Hello(long markerEpochMillis, int markerSlot, int videoTag, boolean audioPackets)
            implements ControlMessage {}

    /** Payload only matters for its length; it is never copied out of native memory. */
    record ProbeData(long probeId, int payloadBytes) implements ControlMessage {}

    record ProbeEnd(long probeId, long bytes) implements ControlMessage {}

    record ProbeAck(long probeId, long bytesReceived) implements ControlMessage {}

    record TimeRequest(long probe, long t0Micros) implements ControlMessage {}

    record TimeResponse(long probe, long t0Micros, long t1Micros, long t2Micros) implements ControlMessage {}

    /** The origins the sender's audio on this link carries (see {@code AnnouncedMix}). */
    record MixContents(java.util.Set<String> origins) implements ControlMessage {
        public MixContents {
            origins = java.util.Set.copyOf(origins);
            if (origins.size() > MAX_ORIGINS) {
                throw new IllegalArgumentException("more than " + MAX_ORIGINS + " origins");
            }
            for (String o : origins) {
                if (!isOrigin(o)) {
                    throw new IllegalArgumentException("not a peer id: " + o);
                }
            }
        }
    }

    /**
     * How loud each voice in the sender's mix to us was lately, RMS 0 to 1 (see {@code
     * VoiceLevels}). On the wire each level is a byte of -dBov, 0 to 127, 127 being silence (as in
     * RFC 6465), so a level survives the trip to about 1 dB.
     */
    record MixLevels(java.util.Map<String, Double> levels) implements ControlMessage {
        public MixLevels {
            levels = java.util.Map.copyOf(levels);
            if (levels.size() > MAX_ORIGINS) {
                throw new IllegalArgumentException("more than " + MAX_ORIGINS + " origins");
            }
            for (var e : levels.entrySet()) {
                if (!isOrigin(e.getKey()) || !(e.getValue() >= 0 && e.getValue() <= 1)) {
                    throw new IllegalArgumentException("not a peer id and level: " + e);
                }
            }
        }

        static int toMinusDbov(double level) {
            return level <= 0 ? 127 : (int) Math.min(127, Math.max(0, Math.round(-20 * Math.log10(level))));
        }

        static double fromMinusDbov(int minusDbov) {
            return minusDbov >= 127 ? 0 : Math.pow(10, -minusDbov / 20.0);
        }
    }

    /**
     * What a composite frame we sent on this link shows, named by the composite's own stamp (see
     * {@link CompositeContents}). On the wire: the stamp's milliseconds (8 bytes), a count, then
     * each picture's origin id and stamp milliseconds.
     */
    record Composite(CompositeContents contents) implements ControlMessage {
        public Composite {
            for (ShownPicture p : contents.pictures()) {
                if (!isOrigin(p.origin())) {
                    throw new IllegalArgumentException("not a peer id: " + p.origin());
                }
            }
        }
    }

    /** A peer id as the wire carries it: 1-64 printable ASCII characters. */
    private static boolean isOrigin(String id) {
        return !id.isEmpty() && id.length() <= MAX_ORIGIN_LENGTH && id.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
    }

    static ByteBuffer encode(ControlMessage m) {
        if (m instanceof MixContents c) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(MIX_CONTENTS);
            out.write(c.origins().size());
            for (String o : new java.util.TreeSet<>(c.origins())) {
                writeOrigin(out, o);
            }
            return ByteBuffer.wrap(out.toByteArray());
        }
        if (m instanceof MixLevels l) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(MIX_LEVELS);
            out.write(l.levels().size());
            for (var e : new java.util.TreeMap<>(l.levels()).entrySet()) {
                writeOrigin(out, e.getKey());
                out.write(MixLevels.toMinusDbov(e.getValue()));
            }
            return ByteBuffer.wrap(out.toByteArray());
        }
        if (m instanceof Composite c) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(COMPOSITE);
            out.writeBytes(
                    ByteBuffer.allocate(8).putLong(c.contents().stampMillis()).array());
            out.write(c.contents().pictures().size());
            for (ShownPicture p : c.contents().pictures()) {
                writeOrigin(out, p.origin());
                out.writeBytes(ByteBuffer.allocate(8).putLong(p.stampMillis()).array());
            }
            return ByteBuffer.wrap(out.toByteArray());
        }
        if (m instanceof Hello h) {
            return ByteBuffer.allocate(18)
                    .put(HELLO)
                    .putLong(h.markerEpochMillis())
                    .putInt(h.markerSlot())
                    .putInt(h.videoTag())
                    .put((byte) (h.audioPackets() ? 1 : 0))
                    .flip();
        } else if (m instanceof ProbeData d) {
            ByteBuffer b =
                    ByteBuffer.allocate(9 + d.payloadBytes()).put(PROBE_DATA).putLong(d.probeId());
            b.position(b.limit());
            return b.flip();
        } else if (m instanceof ProbeEnd e) {
            return ByteBuffer.allocate(17)
                    .put(PROBE_END)
                    .putLong(e.probeId())
                    .putLong(e.bytes())
                    .flip();
        } else if (m instanceof ProbeAck a) {
            return ByteBuffer.allocate(17)
                    .put(PROBE_ACK)
                    .putLong(a.probeId())
                    .putLong(a.bytesReceived())
                    .flip();
        } else if (m instanceof TimeRequest r) {
            return ByteBuffer.allocate(17)
                    .put(TIME_REQUEST)
                    .putLong(r.probe())
                    .putLong(r.t0Micros())
                    .flip();
        } else if (m instanceof TimeResponse r) {
            return ByteBuffer.allocate(33)
                    .put(TIME_RESPONSE)
                    .putLong(r.probe())
                    .putLong(r.t0Micros())
                    .putLong(r.t1Micros())
                    .putLong(r.t2Micros())
                    .flip();
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
                if (n != 17 && n != 18) {
                    return Optional.empty();
                }
                int slot = b.getInt(p + 9);
                int tag = b.getInt(p + 13);
                int audioPackets = n == 18 ? b.get(p + 17) : 0;
                if (slot < 0 || slot > 255 || tag < 0 || tag > 0xFFFF || audioPackets < 0 || audioPackets > 1) {
                    return Optional.empty();
                }
                return Optional.of(new Hello(b.getLong(p + 1), slot, tag, audioPackets == 1));
            case PROBE_DATA:
                return n < 9 ? Optional.empty() : Optional.of(new ProbeData(b.getLong(p + 1), n - 9));
            case PROBE_END:
                return n != 17 ? Optional.empty() : Optional.of(new ProbeEnd(b.getLong(p + 1), b.getLong(p + 9)));
            case PROBE_ACK:
                return n != 17 ? Optional.empty() : Optional.of(new ProbeAck(b.getLong(p + 1), b.getLong(p + 9)));
            case TIME_REQUEST:
                return n != 17 ? Optional.empty() : Optional.of(new TimeRequest(b.getLong(p + 1), b.getLong(p + 9)));
            case TIME_RESPONSE:
                return n != 33
                        ? Optional.empty()
                        : Optional.of(new TimeResponse(
                                b.getLong(p + 1), b.getLong(p + 9), b.getLong(p + 17), b.getLong(p + 25)));
            case MIX_CONTENTS:
                return decodeOrigins(b, p, n, false).map(o -> new MixContents(o.keySet()));
            case MIX_LEVELS:
                return decodeOrigins(b, p, n, true).map(MixLevels::new);
            case COMPOSITE:
                return decodeComposite(b, p, n);
            default:
                return Optional.empty();
        }
    }

    private static Optional<ControlMessage> decodeComposite(ByteBuffer b, int p, int n) {
        if (n < 10) {
            return Optional.empty();
        }
        long stampMillis = b.getLong(p + 1);
        int count = b.get(p + 9) & 0xFF;
        if (count > CompositeContents.MAX_PICTURES || !fits48Bits(stampMillis)) {
            return Optional.empty();
        }
        java.util.List<ShownPicture> pictures = new java.util.ArrayList<>(count);
        int at = 10;
        for (int i = 0; i < count; i++) {
            String id = originAt(b, p, at, n, 8);
            if (id == null) {
                return Optional.empty();
            }
            at += 1 + id.length();
            long millis = b.getLong(p + at);
            if (!fits48Bits(millis)) {
                return Optional.empty();
            }
            pictures.add(new ShownPicture(id, millis));
            at += 8;
        }
        return at == n ? Optional.of(new Composite(new CompositeContents(stampMillis, pictures))) : Optional.empty();
    }

    private static boolean fits48Bits(long millis) {
        return millis >= 0 && millis < (1L << 48);
    }

    private static void writeOrigin(java.io.ByteArrayOutputStream out, String origin) {
        byte[] id = origin.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(id.length);
        out.write(id, 0, id.length);
    }

    /**
     * The length-prefixed peer id at {@code at}, if it and the {@code following} bytes after it fit
     * in the message's {@code n} bytes and it is a valid id; null otherwise.
     */
    private static String originAt(ByteBuffer b, int p, int at, int n, int following) {
        if (at >= n) {
            return null;
        }
        int length = b.get(p + at) & 0xFF;
        if (at + 1 + length + following > n) {
            return null;
        }
        byte[] bytes = new byte[length];
        b.get(p + at + 1, bytes);
        // Bytes above 0x7F decode to U+FFFD, which isOrigin refuses.
        String id = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        return isOrigin(id) ? id : null;
    }

    /** A count and that many origins, each followed by a -dBov byte when {@code withLevels}. */
    private static Optional<java.util.Map<String, Double>> decodeOrigins(
            ByteBuffer b, int p, int n, boolean withLevels) {
        if (n < 2) {
            return Optional.empty();
        }
        int count = b.get(p + 1) & 0xFF;
        if (count > MAX_ORIGINS) {
            return Optional.empty();
        }
        java.util.Map<String, Double> origins = new java.util.HashMap<>();
        int at = 2;
        int after = withLevels ? 1 : 0;
        for (int i = 0; i < count; i++) {
            String id = originAt(b, p, at, n, after);
            if (id == null) {
                return Optional.empty();
            }
            at += 1 + id.length();
            int minusDbov = withLevels ? b.get(p + at) & 0xFF : 127;
            if (minusDbov > 127) {
                return Optional.empty();
            }
            origins.put(id, MixLevels.fromMinusDbov(minusDbov));
            at += after;
        }
        return at == n ? Optional.of(origins) : Optional.empty();
    }
}
