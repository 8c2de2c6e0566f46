package dev.starling.node.election;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The most recent finished elections, oldest first; bounded so a long-lived room cannot grow it. */
public final class ElectionHistory {

    private final int capacity;
    private final Deque<ElectionRecord> records = new ArrayDeque<>();

    public ElectionHistory(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(ElectionRecord r) {
        records.addLast(r);
        while (records.size() > capacity) {
            records.removeFirst();
        }
    }

    public synchronized List<ElectionRecord> all() {
        return List.copyOf(records);
    }
}
