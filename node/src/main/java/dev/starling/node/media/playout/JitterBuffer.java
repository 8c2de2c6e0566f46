package dev.starling.node.media.playout;

/**
 * Holds one link's 10 ms audio packets until their turn to play, and decides each turn what
 * plays: the packet due, a concealed frame for one that is missing, or nothing while the sender
 * is silent. Thread-safe: packets arrive on libwebrtc's network thread, turns come from the
 * {@link PlayoutClock}.
 *
 * <p>Frame f plays at {@code base + f * 10 ms + delay}, where base is the least transit time of
 * the last 3 s and delay covers the transit spread up to its {@value #QUANTILE} quantile. The
 * playout position therefore follows the sender's schedule on the receiver's own clock: a late
 * turn or a slow consumer cannot make the buffer grow, which is what went wrong with libwebrtc's
 * playout under load. When the delay changes, the position moves by at most one frame per turn:
 * one concealed frame inserted to fall back as soon as the delay grows, or, once the position
 * lags by more than {@value #SLACK_FRAMES} frame, a frame dropped per turn until it has caught up.
 */
public final class JitterBuffer {
    public static final double FRAME_MILLIS = 10;
    /** Frames held at most: 640 ms, far beyond any delay this buffer would choose. */
    static final int CAPACITY = 64;

    static final double QUANTILE = 0.97;
    /** Headroom over the measured spread, for the next frame being a little later than any seen. */
    static final double MARGIN_MILLIS = 4;
    /** How far the position may lag the target (in frames) before frames are dropped to catch up. */
    static final int SLACK_FRAMES = 1;
    /** Beyond this the position jumps straight to the target (the sender paused, or skipped). */
    static final int JUMP_FRAMES = 30;
    /** After this many turns without a packet the sender is silent: nothing plays, not concealment. */
    static final int IDLE_AFTER_FRAMES = 20;

    private static final int WINDOW_FRAMES = 300;
    private static final int RETARGET_EVERY_TURNS = 10;

    /** What one turn plays. */
    public record Turn(Kind kind, byte[] packet) {
        public enum Kind {
            PLAY,
            CONCEAL,
            IDLE
        }

        static final Turn CONCEAL = new Turn(Kind.CONCEAL, null);
        static final Turn IDLE = new Turn(Kind.IDLE, null);
    }

    private final byte[][] packets = new byte[CAPACITY][];
    private final long[] indices = new long[CAPACITY];
    private final double[] arrivals = new double[CAPACITY];
    private final TransitWindow transit = new TransitWindow(WINDOW_FRAMES);
    private long cursor = -1;
    private long newest = -1;
    private double delayMillis = Double.NaN;
    private double baseMillis = Double.NaN;
    private int turnsSinceRetarget;
    private int turnsWithoutPacket;
    private boolean catchingUp;

    private final JitterStats stats = new JitterStats();

    public JitterBuffer() {
        java.util.Arrays.fill(indices, -1);
    }

    /** A packet for frame {@code frame} arrived at {@code arrivalMillis} (receiver's wall clock). */
    public synchronized void arrived(long frame, byte[] packet, double arrivalMillis) {
        stats.received++;
        if (cursor >= 0 && frame < cursor) {
            stats.late++;
            return;
        }
        int slot = Math.floorMod(frame, CAPACITY);
        if (indices[slot] == frame) {
            stats.duplicates++;
            return;
        }
        indices[slot] = frame;
        packets[slot] = packet;
        arrivals[slot] = arrivalMillis;
        newest = Math.max(newest, frame);
        transit.add(arrivalMillis - frame * FRAME_MILLIS);
        if (Double.isNaN(delayMillis)) {
            retarget();
        }
    }

    /** What plays in the 10 ms turn that starts at {@code turnMillis} (the turn's scheduled time). */
    public synchronized Turn next(double turnMillis) {
        if (Double.isNaN(delayMillis)) {
            return Turn.IDLE;
        }
        if (++turnsSinceRetarget >= RETARGET_EVERY_TURNS) {
            retarget();
        }
        long due = (long) Math.floor((turnMillis - delayMillis) / FRAME_MILLIS);
        if (cursor < 0 || Math.abs(due - cursor) > JUMP_FRAMES) {
            if (cursor >= 0) {
                stats.jumps++;
            }
            cursor = due;
        } else {
            long drift = due - cursor;
            if (drift < 0) {
                // Ahead of the target, packets would come after their turn: fall back at once.
                stats.inserted++;
                stats.concealed++;
                return Turn.CONCEAL; // a concealed frame, and the position holds
            }
            // Behind costs only latency: catch up once beyond the slack, then all the way.
            if (drift == 0) {
                catchingUp = false;
            } else if (drift > SLACK_FRAMES) {
                catchingUp = true;
            }
            if (catchingUp) {
                take(cursor++); // drop a frame
                stats.dropped++;
            }
        }
        long frame = cursor++;
        byte[] packet = take(frame);
        if (packet != null) {
            turnsWithoutPacket = 0;
            stats.played++;
            stats.delaySumMillis += turnMillis - arrivals[Math.floorMod(frame, CAPACITY)];
            return new Turn(Turn.Kind.PLAY, packet);
        }
        if (++turnsWithoutPacket > IDLE_AFTER_FRAMES && cursor > newest) {
            cursor = -1; // silent sender: start over from its next packet
            return Turn.IDLE;
        }
        stats.concealed++;
        return Turn.CONCEAL;
    }

    private byte[] take(long frame) {
        int slot = Math.floorMod(frame, CAPACITY);
        if (indices[slot] != frame) {
            return null;
        }
        indices[slot] = -1;
        byte[] packet = packets[slot];
        packets[slot] = null;
        return packet;
    }

    private void retarget() {
        turnsSinceRetarget = 0;
        double[] baseAndHigh = transit.baseAndQuantile(QUANTILE);
        if (!Double.isNaN(baseAndHigh[0])) {
            delayMillis = baseAndHigh[1] + MARGIN_MILLIS;
            baseMillis = baseAndHigh[0];
        }
    }

    /**
     * The spread this buffer allows for as of its last retarget (at most 10 turns ago), ms above
     * the base transit; NaN before any packet.
     */
    public synchronized double targetMillis() {
        return delayMillis - baseMillis;
    }

    /** The buffer as the API reports it; {@code malformed} is counted by the channel. */
    public synchronized PlayoutSummary summary(long malformed) {
        return new PlayoutSummary(
                targetMillis(),
                stats.played == 0 ? 0 : stats.delaySumMillis / stats.played,
                stats.received,
                stats.played,
                stats.late,
                stats.concealed,
                stats.dropped,
                stats.inserted,
                stats.jumps,
                malformed);
    }

    /** A copy of the counters so far. */
    public synchronized JitterStats stats() {
        return stats.copy();
    }
}
