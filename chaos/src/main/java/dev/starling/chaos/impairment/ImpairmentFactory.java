package dev.starling.chaos.impairment;

import dev.starling.chaos.scenario.FaultAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Builds a link's pipeline from the netem faults active on it. Each stage draws from its own
 * random stream derived from (scenario seed, link key, stage), so adding a fault to one link or
 * stage never shifts the random sequence of another: reruns stay comparable.
 */
public final class ImpairmentFactory {
    /** tbf-like defaults: one MTU of burst and at most half a second of queue. */
    static final int RATE_BURST_BYTES = 1514;

    static final long RATE_MAX_QUEUE_NANOS = 500_000_000L;
    private final long seed;

    public ImpairmentFactory(long seed) {
        this.seed = seed;
    }

    /** @param linkKey stable name of the link, e.g. "alice->bob", mixed into the random streams */
    public LinkImpairment build(String linkKey, List<FaultAction.Netem> actions) {
        List<LossModel> losses = new ArrayList<>();
        Optional<Duplication> duplication = Optional.empty();
        Optional<Corruption> corruption = Optional.empty();
        Optional<JitterDelay> delay = Optional.empty();
        Optional<Reordering> reordering = Optional.empty();
        Optional<TokenBucket> rate = Optional.empty();
        for (FaultAction.Netem a : actions) {
            RandomGenerator r = stream(linkKey, a.keyword());
            if (a instanceof FaultAction.Delay d) {
                delay = Optional.of(new JitterDelay(d.time(), d.jitter(), d.correlation(), d.distribution(), r));
            } else if (a instanceof FaultAction.Loss l) {
                losses.add(new RandomLoss(l.percent(), l.correlation(), r));
            } else if (a instanceof FaultAction.LossState s) {
                losses.add(new FourStateLoss(s.p13(), s.p31(), s.p32(), s.p23(), s.p14(), r));
            } else if (a instanceof FaultAction.LossGemodel g) {
                losses.add(new GilbertElliottLoss(g.pg(), g.pb(), g.oneH(), g.oneK(), r));
            } else if (a instanceof FaultAction.Rate t) {
                rate = Optional.of(new TokenBucket(t.bitsPerSecond(), RATE_BURST_BYTES, RATE_MAX_QUEUE_NANOS));
            } else if (a instanceof FaultAction.Duplicate d) {
                duplication = Optional.of(new Duplication(d.percent(), d.correlation(), r));
            } else if (a instanceof FaultAction.Corrupt c) {
                corruption = Optional.of(new Corruption(c.percent(), c.correlation(), r));
            } else if (a instanceof FaultAction.Reorder o) {
                reordering = Optional.of(new Reordering(o.percent(), o.correlation(), o.gap(), r));
            }
        }
        return new LinkImpairment(losses, duplication, corruption, delay, reordering, rate);
    }

    RandomGenerator stream(String linkKey, String stage) {
        long mixed = seed;
        for (char ch : (linkKey + "/" + stage).toCharArray()) mixed = mixed * 1_000_003L + ch;
        return new SplittableRandom(new SplittableRandom(mixed).nextLong());
    }
}
