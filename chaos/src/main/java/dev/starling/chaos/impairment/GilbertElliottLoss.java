package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/**
 * netem "loss gemodel p r 1-h 1-k": a good and a bad channel state. As in netem, a packet's fate
 * uses the loss probability of the state it arrives in (1-k good, 1-h bad) and the state then
 * moves (good->bad with pg, bad->good with pb). Long-run loss: (pg(1-h) + pb(1-k)) / (pg + pb).
 */
public final class GilbertElliottLoss implements LossModel {
    private final RandomGenerator random;
    private final double pg, pb, lossInBad, lossInGood;
    private boolean bad;

    /** Percentages, as Pumba's --pg --pb --one-h --one-k. */
    public GilbertElliottLoss(double pg, double pb, double oneH, double oneK, RandomGenerator random) {
        this.random = random;
        this.pg = pg / 100;
        this.pb = pb / 100;
        this.lossInBad = oneH / 100;
        this.lossInGood = oneK / 100;
    }

    @Override
    public boolean lose() {
        boolean lost = random.nextDouble() < (bad ? lossInBad : lossInGood);
        if (random.nextDouble() < (bad ? pb : pg)) bad = !bad;
        return lost;
    }
}
