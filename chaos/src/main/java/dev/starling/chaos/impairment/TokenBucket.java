package dev.starling.chaos.impairment;

/**
 * A shaping token bucket: tokens (bytes) accrue at the rate up to the burst size; a packet leaves
 * once enough tokens exist, queueing behind earlier packets. A packet that would wait longer than
 * the queue limit is dropped, as tbf drops past its latency bound, so a link under overload loses
 * packets instead of growing an unbounded delay.
 */
public final class TokenBucket {
    public static final long DROP = -1;
    private final double bytesPerNano;
    private final double burstBytes;
    private final long maxQueueNanos;
    private double tokens;
    private long tokensAt = Long.MIN_VALUE;
    private long lastDeparture = Long.MIN_VALUE;

    public TokenBucket(long bitsPerSecond, int burstBytes, long maxQueueNanos) {
        if (bitsPerSecond <= 0 || burstBytes <= 0)
            throw new IllegalArgumentException("rate and burst must be positive");
        this.bytesPerNano = bitsPerSecond / 8.0 / 1e9;
        this.burstBytes = burstBytes;
        this.maxQueueNanos = maxQueueNanos;
        this.tokens = burstBytes;
    }

    /** Departure time for a packet ready at {@code readyAtNanos}, or {@link #DROP}. */
    public long departAt(long readyAtNanos, int packetBytes) {
        long start = Math.max(readyAtNanos, lastDeparture);
        double available =
                tokensAt == Long.MIN_VALUE ? tokens : Math.min(burstBytes, tokens + (start - tokensAt) * bytesPerNano);
        long departure =
                available >= packetBytes ? start : start + (long) Math.ceil((packetBytes - available) / bytesPerNano);
        if (departure - readyAtNanos > maxQueueNanos) return DROP; // state untouched: the packet never entered
        tokens = Math.max(0, available - packetBytes);
        if (available < packetBytes) tokens = 0;
        tokensAt = departure;
        lastDeparture = departure;
        return departure;
    }
}
