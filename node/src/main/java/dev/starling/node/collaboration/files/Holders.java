package dev.starling.node.collaboration.files;

import dev.starling.node.room.MembershipView;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who can serve which file. Three kinds of room messages feed it and membership prunes it, while
 * downloads only read it; keeping it in one place is what lets a download whose source crashes
 * carry on from the others at once. Thread-safe.
 */
final class Holders {
    private final String selfId;
    /** hash -> peers holding the complete file (this node included). */
    private final Map<String, Set<String>> complete = new ConcurrentHashMap<>();
    /** hash -> peers still downloading it -> the chunks they announced. */
    private final Map<String, Map<String, BitSet>> partial = new ConcurrentHashMap<>();

    Holders(String selfId) {
        this.selfId = selfId;
    }

    /** {@code peer} holds the complete file; it no longer counts as a partial holder. */
    void add(String hash, String peer) {
        complete.computeIfAbsent(hash, h -> ConcurrentHashMap.newKeySet()).add(peer);
        Map<String, BitSet> partials = partial.get(hash);
        if (partials != null) {
            partials.remove(peer);
        }
    }

    /** {@code peer} is downloading the file and can serve {@code chunks}; moot for this node or a complete holder. */
    void addPartial(String hash, String peer, BitSet chunks) {
        if (peer.equals(selfId) || complete.getOrDefault(hash, Set.of()).contains(peer)) {
            return;
        }
        partial.computeIfAbsent(hash, h -> new ConcurrentHashMap<>()).put(peer, chunks);
    }

    /** Complete holders, this node included. */
    SortedSet<String> of(String hash) {
        return new TreeSet<>(complete.getOrDefault(hash, Set.of()));
    }

    /** Complete holders this node could fetch from. */
    SortedSet<String> others(String hash) {
        SortedSet<String> out = of(hash);
        out.remove(selfId);
        return out;
    }

    /** Partial holders this node could fetch from, with copies of their chunk sets. */
    SortedMap<String, BitSet> partialOthers(String hash) {
        SortedMap<String, BitSet> out = new TreeMap<>();
        partial.getOrDefault(hash, Map.of()).forEach((peer, bits) -> out.put(peer, (BitSet) bits.clone()));
        out.remove(selfId);
        return out;
    }

    /** Partial holders with how many chunks each announced. */
    SortedMap<String, Integer> partialCounts(String hash) {
        SortedMap<String, Integer> out = new TreeMap<>();
        partial.getOrDefault(hash, Map.of()).forEach((peer, bits) -> out.put(peer, bits.cardinality()));
        return out;
    }

    void departed(String peer) {
        complete.values().forEach(set -> set.remove(peer));
        partial.values().forEach(map -> map.remove(peer));
    }

    /** After a merge: members on the other side may have come and gone meanwhile, so only the view counts. */
    void keepOnly(MembershipView view) {
        complete.values().forEach(set -> set.removeIf(peer -> !peer.equals(selfId) && !view.contains(peer)));
        partial.values().forEach(map -> map.keySet().removeIf(peer -> !view.contains(peer)));
    }
}
