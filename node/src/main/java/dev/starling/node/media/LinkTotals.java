package dev.starling.node.media;

import dev.starling.protocol.v1.LinkMetrics;
import java.util.List;

/**
 * What a metrics report sums and averages over this node's links. Upload and download count
 * every link. The video bitrate and encode time average the links that carry this node's video
 * only: a client's links to peers other than its mixer are frozen and send nothing, and counted
 * in, they made a strong peer that is a client look weaker than the peers that mix (a desktop as
 * client averaged 8.5 kbit/s against 54–60 for mixing phones), so the incumbents kept winning.
 */
record LinkTotals(double uploadKbps, double downloadKbps, double avgVideoKbps, double avgEncodeMs) {

    /** One link's latest figures, and whether this node's video goes out on it (not frozen). */
    record Link(boolean sending, List<LinkMetrics> metrics) {}

    static LinkTotals of(List<Link> links) {
        double up = 0;
        double down = 0;
        double videoUp = 0;
        int videoLinks = 0;
        double encodeSum = 0;
        int encodeCount = 0;
        for (Link link : links) {
            for (LinkMetrics m : link.metrics()) {
                if (!"outbound".equals(m.getDirection())) {
                    down += m.getBitrateKbps();
                    continue;
                }
                up += m.getBitrateKbps();
                if ("video".equals(m.getKind()) && link.sending()) {
                    videoUp += m.getBitrateKbps();
                    videoLinks++;
                    if (m.getEncodeMsPerFrame() > 0) {
                        encodeSum += m.getEncodeMsPerFrame();
                        encodeCount++;
                    }
                }
            }
        }
        return new LinkTotals(
                up, down, videoLinks == 0 ? 0 : videoUp / videoLinks, encodeCount == 0 ? 0 : encodeSum / encodeCount);
    }
}
