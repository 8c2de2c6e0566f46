package dev.starling.chaos.impairment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All impairments of one directed link (or one node's egress), applied in netem's order:
 * duplicate, then loss, corruption, delay or reorder, and rate for each copy. The duplicate copy
 * goes through loss, corruption, delay and rate on its own, as netem re-enqueues it at the root.
 * Not thread-safe: one switch thread owns a link.
 */
public final class LinkImpairment {
    private final List<LossModel> losses;
    private final Optional<Duplication> duplication;
    private final Optional<Corruption> corruption;
    private final Optional<JitterDelay> delay;
    private final Optional<Reordering> reordering;
    private final Optional<TokenBucket> rate;

    public LinkImpairment(List<LossModel> losses, Optional<Duplication> duplication, Optional<Corruption> corruption,
                          Optional<JitterDelay> delay, Optional<Reordering> reordering, Optional<TokenBucket> rate) {
        this.losses = List.copyOf(losses);
        this.duplication = duplication;
        this.corruption = corruption;
        this.delay = delay;
        this.reordering = reordering;
        this.rate = rate;
    }

    public static LinkImpairment clean() {
        return new LinkImpairment(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public Decision decide(long nowNanos, int packetBytes) {
        int copies = duplication.map(Duplication::duplicate).orElse(false) ? 2 : 1;
        List<Delivery> out = new ArrayList<>(copies);
        for (int i = 0; i < copies; i++) {
            if (lost()) continue;
            int bit = corruption.map(c -> c.bitToFlip(packetBytes)).orElse(Corruption.NONE);
            long ready = nowNanos;
            boolean skip = reordering.map(Reordering::skipDelay).orElse(false);
            if (!skip && delay.isPresent()) ready += delay.get().nextDelayNanos();
            long at = rate.isPresent() ? rate.get().departAt(ready, packetBytes) : ready;
            if (at != TokenBucket.DROP) out.add(new Delivery(at, bit));
        }
        return out.isEmpty() ? Decision.drop() : new Decision(out);
    }

    /** Every loss model sees every packet so each keeps its own Markov state consistent. */
    private boolean lost() {
        boolean lost = false;
        for (LossModel m : losses) lost |= m.lose();
        return lost;
    }
}
