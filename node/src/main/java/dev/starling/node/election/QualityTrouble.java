package dev.starling.node.election;

import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MetricsReport;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which peers are in quality trouble right now, from their own gossiped metrics: a peer whose
 * video upload libwebrtc limits for bandwidth or CPU on some link, or whose average encode time
 * per frame is over budget. Whether trouble lasts long enough to re-elect is for the triggers.
 */
public final class QualityTrouble {
    private QualityTrouble() {}

    public static Set<String> troubled(Map<String, MetricsReport> reports, double encodeBudgetMs) {
        Set<String> out = new TreeSet<>();
        reports.forEach((peer, report) -> {
            if (report.getAvgEncodeMsPerFrame() > encodeBudgetMs) {
                out.add(peer);
                return;
            }
            for (LinkMetrics link : report.getLinksList()) {
                if ("outbound".equals(link.getDirection())
                        && "video".equals(link.getKind())
                        && isLimiting(link.getQualityLimitation())) {
                    out.add(peer);
                    return;
                }
            }
        });
        return out;
    }

    /** libwebrtc's qualityLimitationReason: "none" and "other" are no trouble of the peer's link or CPU. */
    private static boolean isLimiting(String reason) {
        return "bandwidth".equals(reason) || "cpu".equals(reason);
    }
}
