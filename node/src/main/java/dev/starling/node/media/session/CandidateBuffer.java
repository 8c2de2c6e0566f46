package dev.starling.node.media.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds remote ICE candidates until both descriptions are set: libwebrtc silently drops
 * candidates added earlier. Bounded, so a peer spraying candidates cannot grow memory.
 */
public final class CandidateBuffer<C> {
    private final int capacity;
    private final List<C> held = new ArrayList<>();
    private long dropped;

    public CandidateBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Applies at once when ready, otherwise holds (or drops when full). Returns false when dropped. */
    public synchronized boolean offer(C candidate, boolean ready, Consumer<C> apply) {
        if (ready) {
            apply.accept(candidate);
            return true;
        }
        if (held.size() >= capacity) {
            dropped++;
            return false;
        }
        held.add(candidate);
        return true;
    }

    /** Applies everything held, in arrival order, once ready. */
    public synchronized int flush(boolean ready, Consumer<C> apply) {
        if (!ready || held.isEmpty()) {
            return 0;
        }
        int n = held.size();
        for (C c : held) {
            apply.accept(c);
        }
        held.clear();
        return n;
    }

    public synchronized int held() {
        return held.size();
    }

    public synchronized long dropped() {
        return dropped;
    }
}
