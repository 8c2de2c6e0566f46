package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCConfiguration;

/** What opening a link needs from the engine: how to connect, and the link's own local media. */
public interface LinkSetup {
    RTCConfiguration rtcConfiguration();

    /** A fresh factory, device and sources for the link to {@code remotePeer}; the link owns and closes it. */
    LocalMedia createLocalMedia(String remotePeer);
}
