package dev.starling.node.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chat lines a node holds, deduplicated, in room order, with per-author high-water marks.
 *
 * <p>Pure state: the service decides what to persist and send; this class answers "is it new?",
 * "what do I hold?" and "what does a peer with this digest lack?".
 */
public final class ChatHistory {
    private final TreeSet<ChatEntry> ordered = new TreeSet<>(ChatEntry.ROOM_ORDER);
    private final Set<ChatEntry.ChatKey> keys = new HashSet<>();
    private final Map<String, TreeSet<Long>> sequencesByAuthor = new HashMap<>();
    private long lamport;

    /** Adds the entry if unseen; returns whether it was new. */
    public synchronized boolean add(ChatEntry entry) {
        if (!keys.add(entry.key())) {
            return false;
        }
        ordered.add(entry);
        sequencesByAuthor.computeIfAbsent(entry.author(), a -> new TreeSet<>()).add(entry.sequence());
        lamport = Math.max(lamport, entry.lamport());
        return true;
    }

    public synchronized boolean contains(ChatEntry.ChatKey key) {
        return keys.contains(key);
    }

    /** The next Lamport time for a line posted now. */
    public synchronized long nextLamport() {
        return ++lamport;
    }

    /** Highest sequence this author has used that we know of; 0 if none. */
    public synchronized long highestSequence(String author) {
        TreeSet<Long> sequences = sequencesByAuthor.get(author);
        return sequences == null ? 0 : sequences.last();
    }

    /** For each author, the highest sequence held with no gap below it. */
    public synchronized Map<String, Long> highWater() {
        Map<String, Long> marks = new HashMap<>();
        sequencesByAuthor.forEach((author, sequences) -> {
            long expected = 1;
            for (long sequence : sequences) {
                if (sequence != expected) {
                    break;
                }
                expected++;
            }
            marks.put(author, expected - 1);
        });
        return marks;
    }

    /** Lines a peer with this digest lacks, in room order, at most {@code limit} of them. */
    public synchronized List<ChatEntry> missingFrom(Map<String, Long> peerHighWater, int limit) {
        List<ChatEntry> missing = new ArrayList<>();
        for (ChatEntry entry : ordered) {
            if (entry.sequence() > peerHighWater.getOrDefault(entry.author(), 0L)) {
                if (missing.size() == limit) {
                    break;
                }
                missing.add(entry);
            }
        }
        return missing;
    }

    /** Whether a peer's digest shows lines we do not hold. */
    public synchronized boolean isBehind(Map<String, Long> peerHighWater) {
        Map<String, Long> mine = highWater();
        return peerHighWater.entrySet().stream().anyMatch(e -> e.getValue() > mine.getOrDefault(e.getKey(), 0L));
    }

    public synchronized List<ChatEntry> all() {
        return List.copyOf(ordered);
    }

    public synchronized int size() {
        return ordered.size();
    }
}
