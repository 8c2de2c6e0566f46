package dev.starling.node.collaboration.files;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counters an operator reads to tell a healthy room from one with a lying or flooding peer.
 *
 * @param corruptPeers peers caught serving corrupt chunks, with how many (kept across restarts)
 * @param transport the name of the chunk transport in use
 * @param transports what went which way, for a transport that chooses per peer
 */
public record FileStats(
        StorageUsage storage,
        SortedMap<String, Long> corruptPeers,
        long rejectedManifests,
        long rejectedChunkRequests,
        long servedChunks,
        String transport,
        Optional<TransportCounters> transports) {
    public FileStats {
        corruptPeers = Collections.unmodifiableSortedMap(new TreeMap<>(corruptPeers));
    }
}
