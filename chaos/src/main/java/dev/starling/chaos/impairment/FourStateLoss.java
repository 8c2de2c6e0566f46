package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/**
 * netem "loss state p13 p31 p32 p23 p14" (Salsano et al.'s 4-state Markov model). States:
 * 1 received in a gap, 2 received inside a burst, 3 lost inside a burst, 4 isolated loss in a gap.
 * Each packet takes one transition from the current state; the state entered decides its fate.
 */
public final class FourStateLoss implements LossModel {
    public enum State {
        GAP_RECEIVED,
        BURST_RECEIVED,
        BURST_LOST,
        GAP_LOST
    }

    private final RandomGenerator random;
    private final double p13, p31, p32, p23, p14;
    private State state = State.GAP_RECEIVED;

    /** Probabilities in percent, as Pumba's --p13 .. --p14 flags. */
    public FourStateLoss(double p13, double p31, double p32, double p23, double p14, RandomGenerator random) {
        this.random = random;
        this.p13 = p13 / 100;
        this.p31 = p31 / 100;
        this.p32 = p32 / 100;
        this.p23 = p23 / 100;
        this.p14 = p14 / 100;
    }

    @Override
    public boolean lose() {
        double u = random.nextDouble();
        state = switch (state) {
            case GAP_RECEIVED -> u < p14 ? State.GAP_LOST : u < p14 + p13 ? State.BURST_LOST : State.GAP_RECEIVED;
            case BURST_RECEIVED -> u < p23 ? State.BURST_LOST : State.BURST_RECEIVED;
            case BURST_LOST -> u < p32 ? State.BURST_RECEIVED : u < p32 + p31 ? State.GAP_RECEIVED : State.BURST_LOST;
            case GAP_LOST -> State.GAP_RECEIVED; // an isolated loss is followed by a received packet
        };
        return state == State.BURST_LOST || state == State.GAP_LOST;
    }

    State state() {
        return state;
    }
}
