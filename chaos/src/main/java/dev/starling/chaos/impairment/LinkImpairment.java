package dev.starling.chaos.impairment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All impairments of one directed link (or one node's egress), applied in netem's order:
 * duplicate, loss, corruption, delay or reorder, then rate. The duplicate copy goes through loss,
 * corruption, delay and rate on its own, as netem re-enqueues it at the root qdisc.
 * Not thread-safe: one switch thread owns a link.
 */
public final class LinkImpairment {
    private final List<LossModel> losses;
    private final Optional<Duplication> duplication;
    private final Optional<Corruption> corruption;
    private final Optional<JitterDelay> delay;
    private final Optional<Reordering> reordering;
    private final Optional<TokenBucket> rate;

    public LinkImpairment(
            List<LossModel> losses,
            Optional<Duplication> duplication,
            Optional<Corruption> corruption,
            Optional<JitterDelay> delay,
            Optional<Reordering> reordering,
            Optional<TokenBucket> rate) {
        this.losses = List.copyOf(losses);
        this.duplication = duplication;
        this.corruption = corruption;
        this.delay = delay;
        this.reordering = reordering;
        this.rate = rate;
    }

    public static LinkImpairment clean() {
        return new LinkImpairment(
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Decision decide(long nowNanos, int packetBytes) {
        boolean duplicate = duplication.map(Duplication::duplicate).orElse(false);
        // netem takes one loss decision for the original: with a duplicate pending it only cancels
        // the copy; without one it drops the packet.
        if (lost()) {
            if (!duplicate) return Decision.drop();
            duplicate = false;
        }
        List<Delivery> out = new ArrayList<>(2);
        send(nowNanos, packetBytes, out);
        // The copy re-enters the qdisc, so it meets loss again on its own (never a second copy).
        if (duplicate && !lost()) send(nowNanos, packetBytes, out);
        return out.isEmpty() ? Decision.drop() : new Decision(out);
    }

    private void send(long nowNanos, int packetBytes, List<Delivery> out) {
        int bit = corruption.map(c -> c.bitToFlip(packetBytes)).orElse(Corruption.NONE);
        long ready = nowNanos;
        boolean skip = reordering.map(Reordering::skipDelay).orElse(false);
        if (!skip && delay.isPresent()) ready += delay.get().nextDelayNanos();
        long at = rate.isPresent() ? rate.get().departAt(ready, packetBytes) : ready;
        if (at != TokenBucket.DROP) out.add(new Delivery(at, bit));
    }

    /** Every loss model sees every packet so each keeps its own Markov state consistent. */
    private boolean lost() {
        boolean lost = false;
        for (LossModel m : losses) lost |= m.lose();
        return lost;
    }
}
