package dev.starling.node.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Default policy: every criterion is put on the same 0..100 scale relative to the best candidate,
 * then weighted, so that no criterion dominates by accident of its units.
 *
 * <ul>
 *   <li>bitrate = peer bitrate / best bitrate x 100
 *   <li>encode = best (lowest) encode cost / peer encode cost x 100, where the cost is the encode
 *       time per frame divided by the cores the peer may use ({@link PeerCapability#cpuCores()})
 *   <li>throughput = peer speed / best speed x 100
 * </ul>
 *
 * <p>Why the encode cost and not the seed's encode time: a CPU quota throttles a process between
 * frames, not inside one short encode, so a quarter-core phone and a desktop encode a small frame in
 * about the same milliseconds, yet a mixer decodes, composites and encodes for every client. Time
 * per frame over the CPU budget is the share of that budget one frame takes. If any peer with an
 * encode time has no budget (a node that does not report it), all are compared by time alone, so
 * that no peer gains by leaving the figure out.
 *
 * <p>Each part is reported already multiplied by its normalized weight (weight / sum of weights),
 * so the total is their sum and lies in 0..100. A missing figure earns 0 for its criterion; if no
 * candidate has a figure for a criterion, everyone earns 0 there, which leaves the order unchanged.
 */
public final class BalancedScoring implements ScoringPolicy {

    public static final String NAME = "balanced";

    private final ScoringWeights weights;

    public BalancedScoring(ScoringWeights weights) {
        this.weights = Objects.requireNonNull(weights, "weights");
    }

    public BalancedScoring() {
        this(ScoringWeights.EQUAL);
    }

    public ScoringWeights weights() {
        return weights;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Points> score(List<PeerCapability> peers) {
        List<PeerCapability> sorted = new ArrayList<>(peers);
        sorted.sort(Comparator.comparing(PeerCapability::peerId));
        boolean perCore = sorted.stream().filter(PeerCapability::hasEncodeTime).allMatch(PeerCapability::hasCpuCores);
        double bestBitrate = 0;
        double bestEncode = Double.POSITIVE_INFINITY;
        double bestSpeed = 0;
        for (PeerCapability p : sorted) {
            if (p.hasBitrate()) {
                bestBitrate = Math.max(bestBitrate, p.avgBitrateKbps());
            }
            if (p.hasEncodeTime()) {
                bestEncode = Math.min(bestEncode, encodeCost(p, perCore));
            }
            if (p.hasThroughput()) {
                bestSpeed = Math.max(bestSpeed, p.throughputMbps());
            }
        }
        double sum = weights.sum();
        double wb = weights.bitrate() / sum;
        double we = weights.encode() / sum;
        double wt = weights.throughput() / sum;
        List<Points> out = new ArrayList<>(sorted.size());
        for (PeerCapability p : sorted) {
            double bitrate = p.hasBitrate() && bestBitrate > 0 ? p.avgBitrateKbps() / bestBitrate * 100 : 0;
            double encode = p.hasEncodeTime() ? bestEncode / encodeCost(p, perCore) * 100 : 0;
            double speed = p.hasThroughput() && bestSpeed > 0 ? p.throughputMbps() / bestSpeed * 100 : 0;
            out.add(Points.of(p.peerId(), wb * bitrate, we * encode, wt * speed));
        }
        return List.copyOf(out);
    }

    private static double encodeCost(PeerCapability p, boolean perCore) {
        return perCore ? p.avgEncodeMs() / p.cpuCores() : p.avgEncodeMs();
    }
}
