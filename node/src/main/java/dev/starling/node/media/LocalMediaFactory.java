package dev.starling.node.media;

import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.starling.node.media.data.ControlMessage;
import dev.starling.node.media.session.LinkSetup;
import dev.starling.node.media.session.LocalMedia;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.media.source.PushTiming;
import dev.starling.node.mixing.AudioBus;
import dev.starling.node.mixing.VideoBus;
import dev.starling.node.timesync.WallClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds each link's local media (see {@link LocalMedia} for why every link gets its own) from
 * the node's one set of sources, through the mixing buses so a link can carry a mix instead of
 * our own media, and all following the one marker schedule and video tag this node announces.
 */
final class LocalMediaFactory implements LinkSetup {
    private final MediaConfig config;
    private final LocalSources sources;
    private final ControlMessage.Hello hello;
    private final long markerEpochMillis;
    private final WallClock clock;
    private final AudioBus audioBus;
    private final VideoBus videoBus;
    private final ScheduledExecutorService videoPushes;
    private final ScheduledExecutorService audioPushes;
    private final PushTiming pushTiming;
    private final boolean audioPackets;

    LocalMediaFactory(
            MediaConfig config,
            LocalSources sources,
            ControlMessage.Hello hello,
            long markerEpochMillis,
            WallClock clock,
            AudioBus audioBus,
            VideoBus videoBus,
            ScheduledExecutorService videoPushes,
            ScheduledExecutorService audioPushes,
            PushTiming pushTiming,
            boolean audioPackets) {
        this.audioPackets = audioPackets;
        this.config = config;
        this.sources = sources;
        this.hello = hello;
        this.markerEpochMillis = markerEpochMillis;
        this.clock = clock;
        this.audioBus = audioBus;
        this.videoBus = videoBus;
        this.videoPushes = videoPushes;
        this.audioPushes = audioPushes;
        this.pushTiming = pushTiming;
    }

    @Override
    public RTCConfiguration rtcConfiguration() {
        return rtcConfiguration(config.iceServers(), config.relayOnly());
    }

    /**
     * MAX_BUNDLE: one transport per link, so audio, video and data share one ICE/DTLS handshake.
     * Relay only: no host or server-reflexive candidate is gathered, so media goes through TURN.
     */
    static RTCConfiguration rtcConfiguration(List<IceServerConfig> servers, boolean relayOnly) {
        RTCConfiguration c = new RTCConfiguration();
        c.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        if (relayOnly) {
            c.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        }
        for (IceServerConfig s : servers) {
            RTCIceServer server = new RTCIceServer();
            server.urls = new ArrayList<>(s.urls());
            server.username = s.username();
            server.password = s.credential();
            c.iceServers.add(server);
        }
        return c;
    }

    @Override
    public LocalMedia createLocalMedia(String remotePeer) {
        AudioFrames audioOut = audioBus.output(remotePeer, sources.audio(hello.markerSlot()));
        return new LocalMedia(
                config.localPeerId(),
                sources.playsRemoteAudio(),
                audioPackets,
                audioOut,
                videoBus.output(remotePeer, sources.video(hello.videoTag()), sources.screen()),
                videoBus.screenOutput(remotePeer, sources.screen()),
                markerEpochMillis,
                clock,
                pushTiming,
                videoPushes,
                audioPushes);
    }
}
