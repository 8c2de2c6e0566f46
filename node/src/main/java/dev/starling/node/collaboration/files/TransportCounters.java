package dev.starling.node.collaboration.files;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which path carried how much, for a transport that picks one per peer: the only way to tell
 * whether a file really went over the data channels or quietly fell back to the room.
 *
 * @param total per transport name, summed over the peers
 * @param byPeer per peer, then per transport name
 */
public record TransportCounters(
        SortedMap<String, ChunkCounts> total, SortedMap<String, SortedMap<String, ChunkCounts>> byPeer) {
    public TransportCounters {
        total = Collections.unmodifiableSortedMap(new TreeMap<>(total));
        SortedMap<String, SortedMap<String, ChunkCounts>> copy = new TreeMap<>();
        byPeer.forEach((peer, byVia) -> copy.put(peer, Collections.unmodifiableSortedMap(new TreeMap<>(byVia))));
        byPeer = Collections.unmodifiableSortedMap(copy);
    }

    /** The counts of one peer over one transport; zeros if nothing went that way. */
    public ChunkCounts of(String peer, String via) {
        SortedMap<String, ChunkCounts> byVia = byPeer.get(peer);
        return byVia == null ? ChunkCounts.NONE : byVia.getOrDefault(via, ChunkCounts.NONE);
    }
}
