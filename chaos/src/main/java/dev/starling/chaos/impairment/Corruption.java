package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/** netem "corrupt PERCENT [CORRELATION]": one random bit of the chosen packet is flipped. */
public final class Corruption {
    public static final int NONE = -1;
    private final CorrelatedEvent event;
    private final RandomGenerator random;

    public Corruption(double percent, double correlationPercent, RandomGenerator random) {
        this.event = new CorrelatedEvent(random, percent, correlationPercent);
        this.random = random;
    }

    /** Index of the bit to flip (byte x 8 + bit), or {@link #NONE}. */
    public int bitToFlip(int packetBytes) {
        if (!event.next() || packetBytes <= 0) return NONE;
        return random.nextInt(packetBytes * 8);
    }

    /** Applies a decision to a real frame. */
    public static void flip(byte[] packet, int bit) {
        if (bit != NONE) packet[bit >>> 3] ^= (byte) (1 << (bit & 7));
    }
}
