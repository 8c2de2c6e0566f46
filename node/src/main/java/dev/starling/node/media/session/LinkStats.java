package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.starling.node.media.stats.LinkStatsMapper;
import dev.starling.node.media.stats.StatsEntry;
import dev.starling.protocol.v1.LinkMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link's figures from libwebrtc's getStats, refreshed about once a second. The poll runs on
 * the session queue so it never meets a closing connection, and also sends a time request: the
 * clock offset that latency measurements need stays fresh at the same pace.
 */
final class LinkStats {
    private static final Logger log = LoggerFactory.getLogger(LinkStats.class);

    private final String remotePeer;
    private final Executor serial;
    private final LinkState link;
    private final NativeLink natives;
    private final DataChannels channels;
    private final LinkStatsMapper mapper;
    private volatile List<LinkMetrics> latest = List.of();

    LinkStats(String remotePeer, Executor serial, LinkState link, NativeLink natives, DataChannels channels) {
        this.remotePeer = remotePeer;
        this.serial = serial;
        this.link = link;
        this.natives = natives;
        this.channels = channels;
        this.mapper = new LinkStatsMapper(remotePeer);
    }

    void poll() {
        serial.execute(this::pollNow);
    }

    private void pollNow() {
        if (link.closed() || natives.pc() == null) {
            return;
        }
        channels.control().sendTimeRequest();
        try {
            natives.pc().getStats(this::onStats);
        } catch (RuntimeException | Error e) {
            log.debug("getStats for {} failed: {}", remotePeer, e.toString());
        }
    }

    private void onStats(RTCStatsReport report) {
        List<StatsEntry> entries = new ArrayList<>();
        for (RTCStats s : report.getStats().values()) {
            String type =
                    s.getType() == null ? "" : s.getType().name().toLowerCase().replace('_', '-');
            entries.add(new StatsEntry(type, s.getId(), s.getTimestamp(), s.getAttributes()));
        }
        latest = mapper.map(entries);
    }

    List<LinkMetrics> latest() {
        return latest;
    }
}
