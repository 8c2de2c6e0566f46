package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/** netem "duplicate PERCENT [CORRELATION]": the packet is sent twice. */
public final class Duplication {
    private final CorrelatedEvent event;

    public Duplication(double percent, double correlationPercent, RandomGenerator random) {
        this.event = new CorrelatedEvent(random, percent, correlationPercent);
    }

    public boolean duplicate() {
        return event.next();
    }
}
