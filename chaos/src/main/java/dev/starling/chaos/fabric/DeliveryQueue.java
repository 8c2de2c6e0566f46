package dev.starling.chaos.fabric;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Frames waiting for their delivery time on one output port. Ordered by due time, ties by arrival,
 * so a link without jitter keeps its order. Bounded: when full, the new frame is refused (drop-tail,
 * like a pfifo qdisc) and the caller counts it; a slow writer therefore costs loss, never memory.
 */
final class DeliveryQueue<T> {
    private record Slot<T>(long dueNanos, long seq, T item) implements Comparable<Slot<T>> {
        @Override
        public int compareTo(Slot<T> o) {
            int c = Long.compare(dueNanos - o.dueNanos, 0); // nanoTime may wrap: compare differences
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Slot<T>> heap = new PriorityQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int capacity;
    private final LongSupplier clock;
    private long seq;

    DeliveryQueue(int capacity, LongSupplier clock) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
        this.clock = clock;
    }

    /** @return false if the queue is full and the frame was not taken */
    boolean offer(long dueNanos, T item) {
        lock.lock();
        try {
            if (heap.size() >= capacity) return false;
            Slot<T> s = new Slot<>(dueNanos, seq++, item);
            heap.add(s);
            if (heap.peek() == s) changed.signal(); // only an earlier head changes the writer's wait
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The head if it is due at {@code nowNanos}, else null; never blocks. */
    T pollDue(long nowNanos) {
        lock.lock();
        try {
            Slot<T> head = heap.peek();
            if (head == null || head.dueNanos - nowNanos > 0) return null;
            return heap.poll().item;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the head is due, at most {@code maxWaitNanos}, so the writer can re-check its
     * running flag; returns null on timeout or interrupt.
     */
    T takeDue(long maxWaitNanos) {
        long deadline = clock.getAsLong() + maxWaitNanos;
        lock.lock();
        try {
            while (true) {
                long now = clock.getAsLong();
                Slot<T> head = heap.peek();
                if (head != null && head.dueNanos - now <= 0) return heap.poll().item;
                long left = deadline - now;
                if (left <= 0) return null;
                long wait = head == null ? left : Math.min(left, head.dueNanos - now);
                changed.await(wait, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting writer, e.g. on close. */
    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            heap.clear();
        } finally {
            lock.unlock();
        }
    }
}
