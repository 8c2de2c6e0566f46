package dev.starling.node.media.playout;

/**
 * What a {@link JitterBuffer} did with the packets it got, since it started: counts of packets
 * and turns, and the summed time played packets waited (arrival to the turn that played them,
 * as libwebrtc's {@code jitterBufferDelay} measures it).
 */
public final class JitterStats {
    long received;
    long played;
    long late;
    long duplicates;
    long concealed;
    long dropped;
    long inserted;
    long jumps;
    double delaySumMillis;

    JitterStats copy() {
        JitterStats c = new JitterStats();
        c.received = received;
        c.played = played;
        c.late = late;
        c.duplicates = duplicates;
        c.concealed = concealed;
        c.dropped = dropped;
        c.inserted = inserted;
        c.jumps = jumps;
        c.delaySumMillis = delaySumMillis;
        return c;
    }

    public long received() {
        return received;
    }

    public long played() {
        return played;
    }

    /** Packets that came after their turn had passed. */
    public long late() {
        return late;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Turns that played a concealed frame: a packet missing or late, or one inserted to fall back. */
    public long concealed() {
        return concealed;
    }

    /** Packets dropped to catch up with a shorter delay. */
    public long dropped() {
        return dropped;
    }

    public long jumps() {
        return jumps;
    }

    public double delaySumMillis() {
        return delaySumMillis;
    }
}
