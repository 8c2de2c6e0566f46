package dev.starling.chaos.impairment;

/** One copy of a packet leaving the link at {@code atNanos}; {@code flippedBit} or {@link Corruption#NONE}. */
public record Delivery(long atNanos, int flippedBit) {
    public boolean corrupted() {
        return flippedBit != Corruption.NONE;
    }
}
