package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCConfiguration;
import dev.starling.node.media.SendLimits;
import dev.starling.node.media.SignalingTransport;
import dev.starling.node.media.data.ControlMessage;
import dev.starling.node.media.data.FileChannel;
import dev.starling.node.mixing.AudioBus;
import dev.starling.node.mixing.VideoBus;
import dev.starling.node.media.sink.MarkerOrigins;
import dev.starling.node.timesync.WallClock;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** What a {@link PeerSession} borrows from the engine that owns it. */
public interface SessionHost {
    String localPeerId();

    RTCConfiguration rtcConfiguration();

    /** A fresh factory, device and sources for the link to {@code remotePeer}; the link owns and closes it. */
    LocalMedia createLocalMedia(String remotePeer);

    /**
     * The origins this node's audio to {@code remotePeer} carries now (its own id for its own
     * voice); none means the link is frozen (nothing encoded).
     */
    java.util.Set<String> inputsFor(String remotePeer);

    /** Who sent markers that arrive relayed through a mixer. */
    MarkerOrigins markerOrigins();

    /** Where decoded audio and video go when this node mixes them for others. */
    AudioBus audioBus();

    VideoBus videoBus();

    SignalingTransport transport();

    WallClock clock();

    /** Shared pool on which each session runs its own serial negotiation queue. */
    Executor negotiationPool();

    /** A session asks to be forgotten (e.g. its first offer was unusable); the engine then closes it. */
    void discard(PeerSession session);

    /** For data-channel replies, kept off libwebrtc's network thread. */
    Executor controlExecutor();

    ControlMessage.Hello hello();

    /** Where each link's file channel delivers whole transfers; must not block (libwebrtc's thread). */
    FileChannel.Receiver fileReceiver();

    /** Directory for received-media recordings, or null. */
    Path recordDir();

    int fps();

    /** Bitrate caps on each link's audio and video senders. */
    SendLimits sendLimits();
}
