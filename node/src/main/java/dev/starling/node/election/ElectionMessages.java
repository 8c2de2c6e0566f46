package dev.starling.node.election;

import com.google.protobuf.ByteString;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.BroadcastStart;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import dev.starling.node.election.ElectionEvent.PointsReceived;
import dev.starling.node.election.ElectionEvent.ProbeResponseReceived;
import dev.starling.node.election.ElectionEvent.ResultReceived;
import dev.starling.node.election.ElectionEvent.StartReceived;
import dev.starling.protocol.v1.ElectionPoints;
import dev.starling.protocol.v1.ElectionProbe;
import dev.starling.protocol.v1.ElectionProbeResponse;
import dev.starling.protocol.v1.ElectionResult;
import dev.starling.protocol.v1.ElectionStart;
import dev.starling.protocol.v1.PeerPoints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Converts between the election's actions and events and the {@code starling.v1} messages. The
 * sender of a received message is always the envelope's authenticated sender, never a field in
 * the payload, and malformed figures from the wire are dropped here rather than thrown on later.
 */
public final class ElectionMessages {

    private ElectionMessages() {}

    public static ElectionStart toProto(BroadcastStart a) {
        return ElectionStart.newBuilder()
                .setNumber(a.number())
                .setMixers(a.mixers())
                .setPolicy(a.policy())
                .setTrigger(a.trigger())
                .build();
    }

    /** @param payload the probe bytes (the seed sends 2 MiB); the receiver times their arrival */
    public static ElectionProbe toProto(SendProbe a, String self, ByteString payload) {
        return ElectionProbe.newBuilder()
                .setNumber(a.number())
                .setOrigin(self)
                .setPayload(payload)
                .build();
    }

    public static ElectionProbeResponse toProto(SendProbeResponse a, String self) {
        return ElectionProbeResponse.newBuilder()
                .setNumber(a.number())
                .setOrigin(self)
                .setSpeedMbps(a.speedMbps())
                .setAvgEncodeMsPerFrame(a.avgEncodeMs())
                .build();
    }

    public static ElectionPoints toProto(BroadcastPoints a) {
        ElectionPoints.Builder b =
                ElectionPoints.newBuilder().setNumber(a.number()).setDeclinesMixing(!a.candidate());
        for (Points p : a.points()) {
            b.addPoints(PeerPoints.newBuilder()
                    .setPeerId(p.peerId())
                    .setBitratePoints(p.bitrate())
                    .setEncodePoints(p.encode())
                    .setThroughputPoints(p.throughput())
                    .setTotal(p.total()));
        }
        return b.build();
    }

    public static ElectionResult toProto(ElectionOutcome o) {
        return ElectionResult.newBuilder()
                .setNumber(o.number())
                .addAllMixers(o.mixers())
                .putAllAssignment(o.assignment())
                .putAllBackups(o.backups())
                .setPolicy(o.policy())
                .build();
    }

    /** @param members the room view at the time of receipt, which the start does not carry */
    public static StartReceived fromProto(String sender, ElectionStart m, Set<String> members) {
        return new StartReceived(sender, m.getNumber(), Math.max(1, m.getMixers()), m.getPolicy(), members);
    }

    public static ProbeResponseReceived fromProto(String sender, ElectionProbeResponse m) {
        return new ProbeResponseReceived(sender, m.getNumber(), m.getSpeedMbps(), m.getAvgEncodeMsPerFrame());
    }

    /** Entries with non-finite or negative figures, and repeated peer ids, are dropped. */
    public static PointsReceived fromProto(String sender, ElectionPoints m) {
        List<Points> points = new ArrayList<>(m.getPointsCount());
        Set<String> seen = new HashSet<>();
        for (PeerPoints p : m.getPointsList()) {
            if (valid(p.getBitratePoints())
                    && valid(p.getEncodePoints())
                    && valid(p.getThroughputPoints())
                    && valid(p.getTotal())
                    && seen.add(p.getPeerId())) {
                points.add(new Points(
                        p.getPeerId(),
                        p.getBitratePoints(),
                        p.getEncodePoints(),
                        p.getThroughputPoints(),
                        p.getTotal()));
            }
        }
        return new PointsReceived(sender, m.getNumber(), points, !m.getDeclinesMixing());
    }

    /** The leader is the sender: a result is only ever adopted from the election's leader. */
    public static ResultReceived fromProto(String sender, ElectionResult m) {
        return new ResultReceived(
                sender,
                new ElectionOutcome(
                        m.getNumber(),
                        sender,
                        m.getPolicy(),
                        m.getMixersList(),
                        m.getAssignmentMap(),
                        m.getBackupsMap(),
                        List.of()));
    }

    private static boolean valid(double v) {
        return Double.isFinite(v) && v >= 0;
    }
}
