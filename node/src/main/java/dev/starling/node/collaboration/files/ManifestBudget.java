package dev.starling.node.collaboration.files;

import java.util.HashMap;
import java.util.Map;

/**
 * How many new manifests this node takes from each peer, and how many bytes of them in all.
 * Manifests live outside the storage quota (they are what a node knows, not what it holds), so
 * without a budget a member could fill another's disk with announcements of files nobody has.
 */
final class ManifestBudget {
    static final int PER_PEER = 1_000;
    static final long TOTAL_BYTES = 32L << 20;

    private final Map<String, Integer> byPeer = new HashMap<>();
    private long totalBytes;

    synchronized boolean admit(String peer, int bytes) {
        int taken = byPeer.getOrDefault(peer, 0);
        if (taken >= PER_PEER || totalBytes + bytes > TOTAL_BYTES) {
            return false;
        }
        byPeer.put(peer, taken + 1);
        totalBytes += bytes;
        return true;
    }
}
