package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/** netem "loss random PERCENT [CORRELATION]"; see {@link CorrelatedEvent} for the correlation. */
public final class RandomLoss implements LossModel {
    private final CorrelatedEvent event;

    public RandomLoss(double percent, double correlationPercent, RandomGenerator random) {
        this.event = new CorrelatedEvent(random, percent, correlationPercent);
    }

    @Override
    public boolean lose() {
        return event.next();
    }
}
