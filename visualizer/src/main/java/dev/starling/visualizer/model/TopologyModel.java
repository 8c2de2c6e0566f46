package dev.starling.visualizer.model;

import dev.starling.visualizer.event.TopologyEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Live topology fed by events, with a bounded, timestamped history for replay.
 *
 * <p>History is event-sourced: {@code base} is the state just before the oldest retained event,
 * and replaying to time T re-applies retained events with {@code at <= T} onto a copy of it.
 * That makes replay exact (no snapshot interpolation) and memory proportional to the event
 * count, which is capped both by age and by number so a flooding node cannot exhaust the heap.
 *
 * <p>Thread-safe: the node's event thread writes while HTTP handlers read.
 */
public final class TopologyModel {

    private final Duration retention;
    private final int maxEvents;
    private final TopologyState live = new TopologyState();
    private final TopologyState base = new TopologyState();
    private final Deque<TopologyEvent> history = new ArrayDeque<>();

    public TopologyModel(Duration retention, int maxEvents) {
        if (retention.isNegative() || maxEvents < 1) {
            throw new IllegalArgumentException("retention must be >= 0 and maxEvents >= 1");
        }
        this.retention = retention;
        this.maxEvents = maxEvents;
    }

    /** Ten minutes and 50 000 events: enough for "the last minutes" of a busy 50-peer room. */
    public static TopologyModel withDefaults() {
        return new TopologyModel(Duration.ofMinutes(10), 50_000);
    }

    public synchronized void accept(TopologyEvent event) {
        live.apply(event);
        history.addLast(event);
        long horizon = live.at() - retention.toMillis();
        while (history.size() > maxEvents
                || (!history.isEmpty() && history.peekFirst().at() < horizon)) {
            base.apply(history.removeFirst());
        }
    }

    public synchronized TopologySnapshot current() {
        return live.snapshot();
    }

    /**
     * The topology as it was at {@code epochMillis}. Times before the retained history give the
     * oldest state still known (the history horizon), not an empty room.
     */
    public synchronized TopologySnapshot replayTo(long epochMillis) {
        TopologyState s = base.copy();
        for (TopologyEvent e : history) {
            if (e.at() <= epochMillis) {
                s.apply(e);
            }
        }
        return s.snapshot();
    }

    /** Retained events, oldest first, e.g. for a view's timeline scrubber. */
    public synchronized List<TopologyEvent> history() {
        return List.copyOf(history);
    }

    /** Events that referred to unknown peers or links and were therefore dropped. */
    public synchronized long ignoredEvents() {
        return live.ignoredCount();
    }
}
