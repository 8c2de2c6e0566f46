package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCConfiguration;
import dev.starling.node.media.SignalingTransport;
import dev.starling.node.media.data.ControlMessage;
import dev.starling.node.timesync.WallClock;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** What a {@link PeerSession} borrows from the engine that owns it. */
public interface SessionHost {
    String localPeerId();

    RTCConfiguration rtcConfiguration();

    /** A fresh factory, device and synthetic sources for one link; the link owns and closes it. */
    LocalMedia createLocalMedia();

    SignalingTransport transport();

    WallClock clock();

    /** Shared pool on which each session runs its own serial negotiation queue. */
    Executor negotiationPool();

    /** A session asks to be forgotten (e.g. its first offer was unusable); the engine then closes it. */
    void discard(PeerSession session);

    /** For data-channel replies, kept off libwebrtc's network thread. */
    Executor controlExecutor();

    ControlMessage.Hello hello();

    /** Directory for received-media recordings, or null. */
    Path recordDir();

    int fps();
}
