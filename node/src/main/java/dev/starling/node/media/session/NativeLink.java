package dev.starling.node.media.session;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCSignalingState;
import java.util.List;

/**
 * The libwebrtc objects of one link. They are created one after the other on the session queue
 * and only touched there, and opening may fail half way; so each is null until created, every
 * user checks, and teardown frees whatever exists.
 */
final class NativeLink {
    private LocalMedia local;
    private RTCPeerConnection pc;
    private RTCRtpSender audioSender;
    private RTCRtpSender videoSender;
    private RTCRtpSender screenSender;

    /**
     * Creates the local media, the connection and its three tracks. The screen's track is there
     * from the start, idle until a screen is shared, so sharing needs no renegotiation. Session queue.
     */
    void create(LinkSetup setup, String localPeerId, String remotePeer, PeerConnectionObserver observer) {
        local = setup.createLocalMedia(remotePeer);
        pc = local.factory().createPeerConnection(setup.rtcConfiguration(), observer);
        // Separate stream ids: one shared id makes the receiver lip-sync video to the audio jitter buffer.
        audioSender = pc.addTrack(local.audio(), List.of(StreamIds.audio(localPeerId)));
        videoSender = pc.addTrack(local.video(), List.of(StreamIds.camera(localPeerId)));
        screenSender = pc.addTrack(local.screen(), List.of(StreamIds.screen(localPeerId)));
    }

    LocalMedia local() {
        return local;
    }

    RTCPeerConnection pc() {
        return pc;
    }

    RTCRtpSender audioSender() {
        return audioSender;
    }

    RTCRtpSender videoSender() {
        return videoSender;
    }

    RTCRtpSender screenSender() {
        return screenSender;
    }

    boolean stable() {
        return pc.getSignalingState() == RTCSignalingState.STABLE;
    }
}
