package dev.starling.node.metrics;

import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.LinkPath;
import dev.starling.protocol.v1.MetricsReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a peer's metrics report says about the links into it, as topology {@code LinkStats}
 * fields: the summed inbound bitrate, the camera's rtt, jitter and latency, and the link's path
 * and state. A report comes from the room, so words outside the view's vocabulary become "not
 * known" rather than reaching the view, and non-finite figures become 0.
 */
final class ReportedLinks {
    private ReportedLinks() {}

    /** One field map per link into {@code reporter}, in the order the report names them. */
    static List<Map<String, Object>> linkStats(String reporter, MetricsReport report) {
        Map<String, Double> inboundKbps = new LinkedHashMap<>();
        Map<String, LinkMetrics> inboundVideo = new LinkedHashMap<>();
        for (LinkMetrics link : report.getLinksList()) {
            if ("inbound".equals(link.getDirection())) {
                inboundKbps.merge(link.getRemotePeer(), finite(link.getBitrateKbps()), Double::sum);
                if ("video".equals(link.getKind())) {
                    inboundVideo.put(link.getRemotePeer(), link);
                }
            }
        }
        Map<String, LinkPath> paths = new LinkedHashMap<>();
        for (LinkPath path : report.getPathsList()) {
            paths.put(path.getRemotePeer(), path);
        }
        // A link that carries nothing yet (connecting) or any more (reconnecting) is drawn too.
        Set<String> senders = new LinkedHashSet<>(inboundKbps.keySet());
        senders.addAll(paths.keySet());
        senders.remove("");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String sender : senders) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("from", sender);
            fields.put("to", reporter);
            fields.put("kind", "media");
            fields.put("bitrateKbps", inboundKbps.getOrDefault(sender, 0.0));
            LinkMetrics video = inboundVideo.get(sender);
            if (video != null) {
                fields.put("rttMs", finite(video.getRttMs()));
                fields.put("jitterMs", finite(video.getJitterMs()));
                fields.put("latencyP50Ms", finite(video.getLatencyP50Ms()));
            }
            LinkPath path = paths.get(sender);
            if (path != null) {
                fields.put("path", path(path));
            }
            out.add(fields);
        }
        return out;
    }

    /** The receiving end reports the path, so its remote candidate is the sender's end. */
    private static Map<String, String> path(LinkPath path) {
        return Map.of(
                "from", known(path.getRemoteCandidate(), dev.starling.visualizer.event.LinkPath.CANDIDATE_TYPES),
                "to", known(path.getLocalCandidate(), dev.starling.visualizer.event.LinkPath.CANDIDATE_TYPES),
                "protocol", known(path.getProtocol(), dev.starling.visualizer.event.LinkPath.PROTOCOLS),
                "state", known(path.getState(), dev.starling.visualizer.event.LinkPath.STATES));
    }

    private static String known(String word, Set<String> vocabulary) {
        return vocabulary.contains(word) ? word : "";
    }

    static double finite(double value) {
        return Double.isFinite(value) && value >= 0 ? value : 0;
    }
}
