package dev.starling.node.election;

import dev.starling.node.election.ElectionEvent.MetricsUpdated;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the gossip's "latest report per peer" into the election's windowed inputs. The gossip
 * keeps one report per peer, so a report counts as new when its arrival time changes; the
 * averages cover the last {@code size} reports (seed: 5 reports of 20 s each).
 */
public final class MetricsWindow {

    private final int size;
    private final Map<String, PeerWindow> peers = new HashMap<>();

    public MetricsWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        this.size = size;
    }

    /**
     * Records a report if it is new; returns the election event for the peer's updated window.
     *
     * @param cpuCores the CPU budget the report gives; the latest one stands, not an average
     */
    public Optional<MetricsUpdated> observe(
            String peer, long receivedAtMillis, double videoKbps, double encodeMs, double cpuCores) {
        PeerWindow w = peers.computeIfAbsent(peer, p -> new PeerWindow());
        if (receivedAtMillis <= w.lastReceivedAt) {
            return Optional.empty();
        }
        w.lastReceivedAt = receivedAtMillis;
        w.count++;
        w.kbps.addLast(clean(videoKbps));
        w.encodeMs.addLast(clean(encodeMs));
        w.cpuCores = PeerCapability.plausibleCores(cpuCores);
        while (w.kbps.size() > size) {
            w.kbps.removeFirst();
            w.encodeMs.removeFirst();
        }
        return Optional.of(current(peer, w));
    }

    /** The current window of a peer, if it ever reported. */
    public Optional<MetricsUpdated> current(String peer) {
        PeerWindow w = peers.get(peer);
        return w == null ? Optional.empty() : Optional.of(current(peer, w));
    }

    /** Forgets peers that are no longer in the room. */
    public void retain(Set<String> members) {
        peers.keySet().retainAll(members);
    }

    private static MetricsUpdated current(String peer, PeerWindow w) {
        return new MetricsUpdated(peer, average(w.kbps), averagePositive(w.encodeMs), w.cpuCores, w.count);
    }

    private static double average(Deque<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** A window without encoding (no video sent yet) reports 0 ms, which means "not measured". */
    private static double averagePositive(Deque<Double> values) {
        return values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> v > 0)
                .average()
                .orElse(0);
    }

    private static double clean(double v) {
        return Double.isFinite(v) && v >= 0 ? v : 0;
    }

    private static final class PeerWindow {
        final Deque<Double> kbps = new ArrayDeque<>();
        final Deque<Double> encodeMs = new ArrayDeque<>();
        long lastReceivedAt = Long.MIN_VALUE;
        int count;
        double cpuCores = PeerCapability.MISSING;
    }
}
