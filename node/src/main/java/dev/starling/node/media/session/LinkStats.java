package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.starling.node.media.stats.IcePath;
import dev.starling.node.media.stats.LinkStatsMapper;
import dev.starling.node.media.stats.StatsEntry;
import dev.starling.protocol.v1.LinkMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
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
    private final Supplier<Set<String>> remoteScreenTracks;
    private final LinkStatsMapper mapper;
    private final PacketAudioMetrics packetAudio;
    private final boolean receivesAudioPackets;
    private volatile List<LinkMetrics> latest = List.of();
    private volatile IcePath icePath;

    /**
     * @param remoteScreenTracks ids of the remote screen tracks received so far
     * @param receivesAudioPackets whether the peer's audio reaches us on the audio channel
     */
    LinkStats(
            String remotePeer,
            Executor serial,
            LinkState link,
            NativeLink natives,
            DataChannels channels,
            Supplier<Set<String>> remoteScreenTracks,
            boolean receivesAudioPackets) {
        this.receivesAudioPackets = receivesAudioPackets;
        this.packetAudio = new PacketAudioMetrics(remotePeer);
        this.remoteScreenTracks = remoteScreenTracks;
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
        latest = packetAudio.merge(
                mapper.map(entries, screenTracks()), channels.audio(), receivesAudioPackets, System.nanoTime() / 1000);
        icePath = IcePath.selected(entries).orElse(null);
    }

    /** The candidate pair the media flows over, from the last poll; empty before ICE chose one. */
    Optional<IcePath> icePath() {
        return Optional.ofNullable(icePath);
    }

    /** Our screen track and the remote ones: their RTP streams are reported as kind "screen". */
    private Set<String> screenTracks() {
        Set<String> ids = new HashSet<>(remoteScreenTracks.get());
        LocalMedia local = natives.local();
        if (local != null) {
            try {
                ids.add(local.screen().getId());
            } catch (RuntimeException | Error e) {
                log.debug("screen track id: {}", e.toString());
            }
        }
        return ids;
    }

    List<LinkMetrics> latest() {
        return latest;
    }
}
