package dev.starling.node.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Signals addressed to a peer that this node's view of the room does not list yet. A member's
 * offer reaches a newcomer before the newcomer's own view is installed; its answer and candidates
 * cannot leave until the view names the offerer, and dropping them left the link connecting for
 * good. They wait here, in order, and go out when the peer appears.
 *
 * <p>Bounded in peers, in signals per peer and in age, so signals to a peer that never appears
 * (a forged sender, a member that left) cannot grow memory. Not thread-safe: one thread (the
 * signaling outbox) owns it.
 *
 * @param <S> a signal
 */
public final class EarlySignals<S> {
    private record Held<S>(S signal, long heldAtNanos) {}

    private final int maxPeers;
    private final int maxPerPeer;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Deque<Held<S>>> held = new HashMap<>();
    private long dropped;

    public EarlySignals(int maxPeers, int maxPerPeer, long maxAgeNanos, LongSupplier nanoTime) {
        this.maxPeers = maxPeers;
        this.maxPerPeer = maxPerPeer;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoTime = nanoTime;
    }

    /** True while signals to this peer wait: a new one must queue behind them, not overtake them. */
    public boolean holding(String peerId) {
        return held.containsKey(peerId);
    }

    /** Keeps a signal until {@link #release}; false when it had to be dropped (too many held). */
    public boolean hold(String peerId, S signal) {
        expire();
        Deque<Held<S>> queue = held.get(peerId);
        if (queue == null) {
            if (held.size() >= maxPeers) {
                dropped++;
                return false;
            }
            queue = new ArrayDeque<>();
            held.put(peerId, queue);
        }
        if (queue.size() >= maxPerPeer) {
            dropped++;
            return false;
        }
        queue.addLast(new Held<>(signal, nanoTime.getAsLong()));
        return true;
    }

    /** The peer appeared: its signals, oldest first, unless they grew too old to mean anything. */
    public List<S> release(String peerId) {
        expire();
        Deque<Held<S>> queue = held.remove(peerId);
        List<S> signals = new ArrayList<>();
        if (queue != null) {
            queue.forEach(h -> signals.add(h.signal()));
        }
        return signals;
    }

    /** The peer left: what waited for it is dropped. */
    public void forget(String peerId) {
        Deque<Held<S>> queue = held.remove(peerId);
        if (queue != null) {
            dropped += queue.size();
        }
    }

    /** Signals dropped so far: over a bound, too old, or for a peer that left. */
    public long dropped() {
        return dropped;
    }

    /* A peer's signals go as a whole: an answer too old to send makes its candidates useless too. */
    private void expire() {
        long now = nanoTime.getAsLong();
        held.values().removeIf(queue -> {
            if (now - queue.peekFirst().heldAtNanos() <= maxAgeNanos) {
                return false;
            }
            dropped += queue.size();
            return true;
        });
    }
}
