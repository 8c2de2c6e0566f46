package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/**
 * netem "reorder PERCENT [CORRELATION] [gap N]": a chosen packet skips the delay and overtakes the
 * delayed ones. With a gap, at least N-1 packets are delayed normally between two such packets.
 */
public final class Reordering {
    private final CorrelatedEvent event;
    private final int gap;
    private int sinceLast;

    public Reordering(double percent, double correlationPercent, int gap, RandomGenerator random) {
        this.event = new CorrelatedEvent(random, percent, correlationPercent);
        this.gap = gap;
    }

    /** True when this packet should be sent now instead of delayed. */
    public boolean skipDelay() {
        if (sinceLast < gap - 1 || !event.next()) {
            sinceLast++;
            return false;
        }
        sinceLast = 0;
        return true;
    }
}
