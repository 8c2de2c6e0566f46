package dev.starling.chaos.fabric;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Source-address learning for the switch. Entries age out so a node that changes its MAC (or a
 * namespace recreated with the same port) is flooded to again instead of black-holed; the table is
 * bounded so a frame storm with random sources cannot grow it without limit (unknown destinations
 * are simply flooded, which is always correct for a switch, only slower).
 * Thread-safe: every port's reader learns and looks up concurrently.
 */
final class MacTable {
    static final int UNKNOWN = -1;

    private record Entry(int port, long seenNanos) {}

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final long agingNanos;

    MacTable(int capacity, long agingNanos) {
        if (capacity <= 0 || agingNanos <= 0) throw new IllegalArgumentException("capacity and aging must be positive");
        this.capacity = capacity;
        this.agingNanos = agingNanos;
    }

    /** Group addresses are never sources in valid frames; learning them would misdirect floods. */
    void learn(long mac, int port, long nowNanos) {
        if (Ethernet.isGroup(mac)) return;
        if (entries.size() >= capacity && !entries.containsKey(mac)) {
            entries.values().removeIf(e -> nowNanos - e.seenNanos() > agingNanos);
            if (entries.size() >= capacity) return;
        }
        entries.put(mac, new Entry(port, nowNanos));
    }

    /** The port that last sent from {@code mac}, or {@link #UNKNOWN} if never seen or aged out. */
    int lookup(long mac, long nowNanos) {
        Entry e = entries.get(mac);
        if (e == null || nowNanos - e.seenNanos() > agingNanos) return UNKNOWN;
        return e.port();
    }

    int size() {
        return entries.size();
    }
}
