package dev.starling.node.media;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the TURN servers for a relay address before a node joins, with the credentials it will use:
 * a wrong secret or an unreachable server is then a clear error at start, not links that never
 * connect. libwebrtc does the asking (a throwaway connection that may gather relay candidates only),
 * so the check speaks TURN exactly as the node's links will.
 */
public final class TurnCheck {
    private TurnCheck() {}

    /**
     * Empty if at least one TURN server in {@code servers} gave a relay address within {@code patience};
     * otherwise why not, in words for the user.
     */
    public static Optional<String> problem(List<IceServerConfig> servers, Duration patience)
            throws InterruptedException {
        List<IceServerConfig> turn =
                servers.stream().filter(IceServerConfig::isTurn).toList();
        if (turn.isEmpty()) {
            return Optional.empty();
        }
        HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(adm);
        Gathering gathering = new Gathering();
        RTCPeerConnection pc = factory.createPeerConnection(LocalMediaFactory.rtcConfiguration(turn, true), gathering);
        try {
            // A data channel gives the offer a transport to gather candidates for.
            pc.createDataChannel("turn-check", new RTCDataChannelInit());
            pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
                @Override
                public void onSuccess(RTCSessionDescription description) {
                    pc.setLocalDescription(description, new SetSessionDescriptionObserver() {
                        @Override
                        public void onSuccess() {}

                        @Override
                        public void onFailure(String error) {
                            gathering.fail("cannot start gathering: " + error);
                        }
                    });
                }

                @Override
                public void onFailure(String error) {
                    gathering.fail("cannot start gathering: " + error);
                }
            });
            if (!gathering.done.await(patience.toMillis(), TimeUnit.MILLISECONDS) && !gathering.relayed()) {
                return Optional.of(gathering.describeFailure(turn, "no answer within " + patience.toSeconds() + " s"));
            }
            return gathering.relayed()
                    ? Optional.empty()
                    : Optional.of(gathering.describeFailure(turn, "no relay address"));
        } finally {
            pc.close();
            factory.dispose();
            adm.dispose();
        }
    }

    /** What libwebrtc reported while gathering: the first relay candidate or the first error ends it. */
    private static final class Gathering implements PeerConnectionObserver {
        final CountDownLatch done = new CountDownLatch(1);
        private final AtomicReference<String> error = new AtomicReference<>();
        private volatile boolean relayed;

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            if (candidate.sdp.contains(" typ relay")) {
                relayed = true;
                done.countDown();
            }
        }

        @Override
        public void onIceCandidateError(RTCPeerConnectionIceErrorEvent event) {
            error.compareAndSet(null, event.getErrorCode() + " " + event.getErrorText());
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                done.countDown();
            }
        }

        void fail(String why) {
            error.compareAndSet(null, why);
            done.countDown();
        }

        boolean relayed() {
            return relayed;
        }

        String describeFailure(List<IceServerConfig> servers, String fallback) {
            String urls = String.join(
                    ", ", servers.stream().flatMap(s -> s.urls().stream()).toList());
            String reported = error.get();
            if (reported != null && reported.startsWith("401")) {
                return "the TURN server " + urls + " refused the credentials (" + reported
                        + "): check --turn-username and the password or shared secret";
            }
            return "the TURN server " + urls + " gave no relay address (" + (reported != null ? reported : fallback)
                    + "): is it running and reachable?";
        }
    }
}
