package dev.starling.node.election;

import dev.starling.node.election.ElectionEvent.MetricsUpdated;
import dev.starling.node.metrics.MetricsGossip;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MetricsReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The election's view of the gossiped metrics. The gossip holds only each peer's latest report and
 * is read from another thread; the election needs windowed averages, the round-trip times between
 * peers for the assignment, and between elections the figures the triggers judge. All three read
 * the same supplier here, so they see the same reports the same way.
 */
final class MetricsFeed {

    /** Reports a peer's averages cover (seed: 5 reports of 20 s each). */
    static final int WINDOW = 5;

    private final Supplier<Map<String, MetricsGossip.Received>> gossip;
    private final MetricsWindow window = new MetricsWindow(WINDOW);

    MetricsFeed(Supplier<Map<String, MetricsGossip.Received>> gossip) {
        this.gossip = gossip;
    }

    /** The updated window of every peer whose report is new since the last call. */
    List<MetricsUpdated> newReports() {
        List<MetricsUpdated> updates = new ArrayList<>();
        for (Map.Entry<String, MetricsGossip.Received> e : gossip.get().entrySet()) {
            MetricsReport r = e.getValue().report();
            window.observe(
                            e.getKey(),
                            e.getValue().receivedAtMillis(),
                            r.getAvgOutboundVideoKbps(),
                            r.getAvgEncodeMsPerFrame(),
                            r.getCpuCores())
                    .ifPresent(updates::add);
        }
        return updates;
    }

    /** The current window of a peer, if it ever reported. */
    Optional<MetricsUpdated> current(String peer) {
        return window.current(peer);
    }

    /** Forgets the windows of peers no longer in the room. */
    void retain(Set<String> members) {
        window.retain(members);
    }

    /** The latest report of each of {@code members} that has one. */
    Map<String, MetricsReport> reportsOf(Set<String> members) {
        Map<String, MetricsReport> reports = new HashMap<>();
        gossip.get().forEach((peer, received) -> {
            if (members.contains(peer)) {
                reports.put(peer, received.report());
            }
        });
        return reports;
    }

    /** The round-trip times every peer reported to the others; unmeasured links are left out. */
    RttMatrix rtt() {
        RttMatrix.Builder b = RttMatrix.builder();
        gossip.get().forEach((peer, received) -> {
            for (LinkMetrics l : received.report().getLinksList()) {
                if (l.getRttMs() > 0
                        && Double.isFinite(l.getRttMs())
                        && !l.getRemotePeer().isEmpty()) {
                    b.put(peer, l.getRemotePeer(), l.getRttMs());
                }
            }
        });
        return b.build();
    }

    /**
     * Capability totals of {@code members} from their current windows and the throughput last
     * measured in an election, so that the triggers can re-evaluate the room without probing.
     */
    Map<String, Double> freshScores(Set<String> members, Map<String, PeerCapability> measured, ScoringPolicy policy) {
        return scoresAtBest(members, measured, policy, Set.of());
    }

    /**
     * As {@link #freshScores}, except that the {@code unprobed} peers, whose throughput no election
     * measured, are given the best throughput measured of anyone: what they would score at best.
     */
    Map<String, Double> scoresAtBest(
            Set<String> members, Map<String, PeerCapability> measured, ScoringPolicy policy, Set<String> unprobed) {
        double bestThroughput = measured.values().stream()
                .filter(PeerCapability::hasThroughput)
                .mapToDouble(PeerCapability::throughputMbps)
                .max()
                .orElse(PeerCapability.MISSING);
        List<PeerCapability> caps = new ArrayList<>();
        for (String peer : members) {
            var m = window.current(peer);
            if (m.isEmpty()) {
                continue;
            }
            PeerCapability last = measured.get(peer);
            double throughput = last != null
                    ? last.throughputMbps()
                    : unprobed.contains(peer) ? bestThroughput : PeerCapability.MISSING;
            caps.add(new PeerCapability(
                    peer,
                    m.get().avgBitrateKbps(),
                    m.get().avgEncodeMs(),
                    throughput,
                    m.get().cpuCores(),
                    m.get().reportCount()));
        }
        Map<String, Double> scores = new HashMap<>();
        for (Points p : policy.score(caps)) {
            scores.put(p.peerId(), p.total());
        }
        return scores;
    }
}
