package dev.starling.node.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's formulas, kept exactly so that results can be compared with the original project.
 *
 * <ul>
 *   <li>bitrate points = peer avg bitrate / total avg bitrate x 100
 *   <li>encode points = total encode time / peer encode time
 *   <li>throughput points = peer speed / total speed x 100
 * </ul>
 *
 * <p>Note the encode term is not scaled by 100, so it is worth only a few points; that is the
 * seed's behaviour and the reason {@link BalancedScoring} is the default.
 *
 * <p>The seed divides by zero on missing data; here a missing figure earns 0 points for that
 * criterion and is left out of the total it is divided by, and a criterion whose total is 0 gives
 * everyone 0.
 */
public final class SeedScoring implements ScoringPolicy {

    public static final String NAME = "seed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Points> score(List<PeerCapability> peers) {
        List<PeerCapability> sorted = new ArrayList<>(peers);
        sorted.sort(Comparator.comparing(PeerCapability::peerId));
        double totalBitrate = 0;
        double totalEncode = 0;
        double totalSpeed = 0;
        for (PeerCapability p : sorted) {
            if (p.hasBitrate()) {
                totalBitrate += p.avgBitrateKbps();
            }
            if (p.hasEncodeTime()) {
                totalEncode += p.avgEncodeMs();
            }
            if (p.hasThroughput()) {
                totalSpeed += p.throughputMbps();
            }
        }
        List<Points> out = new ArrayList<>(sorted.size());
        for (PeerCapability p : sorted) {
            double bitrate = p.hasBitrate() && totalBitrate > 0 ? p.avgBitrateKbps() / totalBitrate * 100 : 0;
            double encode = p.hasEncodeTime() ? totalEncode / p.avgEncodeMs() : 0;
            double speed = p.hasThroughput() && totalSpeed > 0 ? p.throughputMbps() / totalSpeed * 100 : 0;
            out.add(Points.of(p.peerId(), bitrate, encode, speed));
        }
        return List.copyOf(out);
    }
}
