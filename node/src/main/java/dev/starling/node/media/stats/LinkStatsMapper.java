package dev.starling.node.media.stats;

import dev.starling.protocol.v1.LinkMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive getStats snapshots of one peer connection into per-direction, per-kind
 * {@link LinkMetrics}. libwebrtc reports cumulative counters; rates and per-frame figures are
 * the deltas between this snapshot and the previous one, so the first poll reports totals-only.
 *
 * <p>A link carries two video streams each way, the camera and a shared screen. The screen's are
 * reported with kind {@value #SCREEN_KIND}, so kind {@code video} keeps meaning the camera for
 * everything that reads it (quality trouble, election metrics, the lab's figures).
 */
public final class LinkStatsMapper {
    private final String remotePeer;
    private final Map<String, StatsEntry> previous = new HashMap<>();

    public static final String SCREEN_KIND = "screen";

    public LinkStatsMapper(String remotePeer) {
        this.remotePeer = remotePeer;
    }

    public List<LinkMetrics> map(List<StatsEntry> entries) {
        return map(entries, Set.of());
    }

    /**
     * @param screenTracks ids of the screen tracks, ours and the remote's: an inbound stream names
     *                     its track directly, an outbound one through its media-source entry
     */
    public synchronized List<LinkMetrics> map(List<StatsEntry> entries, Set<String> screenTracks) {
        Map<String, String> trackOfSource = new HashMap<>();
        for (StatsEntry e : entries) {
            if ("media-source".equals(e.type())) {
                trackOfSource.put(e.id(), e.text("trackIdentifier"));
            }
        }
        // By the outbound stream it reports on (camera and screen are both of kind video), else by kind.
        Map<String, Double> rttByOutbound = new HashMap<>();
        Map<String, Double> rttByKind = new HashMap<>();
        for (StatsEntry e : entries) {
            if ("remote-inbound-rtp".equals(e.type())) {
                double rtt = e.number("roundTripTime");
                if (!Double.isNaN(rtt)) {
                    rttByOutbound.put(e.text("localId"), rtt * 1000);
                    rttByKind.put(e.text("kind"), rtt * 1000);
                }
            }
        }
        double pairRtt = entries.stream()
                .filter(e -> "candidate-pair".equals(e.type()))
                .filter(e -> "succeeded".equals(e.text("state"))
                        || Boolean.TRUE.equals(e.values().get("nominated")))
                .mapToDouble(e -> e.number("currentRoundTripTime") * 1000)
                .filter(v -> !Double.isNaN(v))
                .findFirst()
                .orElse(0);

        List<LinkMetrics> out = new ArrayList<>();
        Map<String, StatsEntry> current = new HashMap<>();
        for (StatsEntry e : entries) {
            boolean outbound = "outbound-rtp".equals(e.type());
            boolean inbound = "inbound-rtp".equals(e.type());
            if (!outbound && !inbound) {
                continue;
            }
            current.put(e.id(), e);
            StatsEntry before = previous.get(e.id());
            String kind = e.text("kind");
            String track = outbound ? trackOfSource.get(e.text("mediaSourceId")) : e.text("trackIdentifier");
            boolean screen = "video".equals(kind) && track != null && screenTracks.contains(track);
            LinkMetrics.Builder m = LinkMetrics.newBuilder()
                    .setRemotePeer(remotePeer)
                    .setDirection(outbound ? "outbound" : "inbound")
                    .setKind(screen ? SCREEN_KIND : kind);
            String bytesKey = outbound ? "bytesSent" : "bytesReceived";
            if (before != null && e.timestampMicros() > before.timestampMicros()) {
                double seconds = (e.timestampMicros() - before.timestampMicros()) / 1e6;
                m.setBitrateKbps(Math.max(0, e.count(bytesKey) - before.count(bytesKey)) * 8 / 1000.0 / seconds);
            }
            if (outbound) {
                m.setFramesEncoded(e.count("framesEncoded"));
                m.setQualityLimitation(e.text("qualityLimitationReason"));
                m.setRttMs(rttByOutbound.getOrDefault(e.id(), rttByKind.getOrDefault(kind, pairRtt)));
                long frames = e.count("framesEncoded") - (before == null ? 0 : before.count("framesEncoded"));
                double encode = e.number("totalEncodeTime") - (before == null ? 0 : before.number("totalEncodeTime"));
                if (frames > 0 && !Double.isNaN(encode)) {
                    m.setEncodeMsPerFrame(encode * 1000 / frames);
                }
            } else {
                m.setFramesDecoded(e.count("framesDecoded"));
                m.setPacketsLost(Math.max(0, e.count("packetsLost")));
                double jitter = e.number("jitter");
                m.setJitterMs(Double.isNaN(jitter) ? 0 : jitter * 1000);
                m.setConcealedSamples(e.count("concealedSamples"));
                m.setRttMs(pairRtt);
                double delay = e.number("jitterBufferDelay");
                long emitted = e.count("jitterBufferEmittedCount");
                if (before != null) {
                    delay -= before.number("jitterBufferDelay");
                    emitted -= before.count("jitterBufferEmittedCount");
                }
                if (emitted > 0 && !Double.isNaN(delay)) {
                    m.setJitterBufferDelayMs(delay * 1000 / emitted);
                }
            }
            out.add(m.build());
        }
        previous.clear();
        previous.putAll(current);
        return out;
    }
}
