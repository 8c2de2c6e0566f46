package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.starling.node.media.SignalingTransport;
import dev.starling.protocol.v1.IceCandidate;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.SessionDescription;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our signals to one peer. Each carries this link's random session id, so the peer can tell a
 * link we re-opened from late signals of the one before, and drop those.
 */
final class SignalSender {
    private static final Logger log = LoggerFactory.getLogger(SignalSender.class);
    private static final int MAX_HELD_CANDIDATES = 256;

    private final SignalingTransport transport;
    private final String localPeerId;
    private final String remotePeer;
    private final long localSession = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE | 1;
    private final CandidateGate<RTCIceCandidate> gate = new CandidateGate<>(MAX_HELD_CANDIDATES);

    SignalSender(SignalingTransport transport, String localPeerId, String remotePeer) {
        this.transport = transport;
        this.localPeerId = localPeerId;
        this.remotePeer = remotePeer;
    }

    long localSession() {
        return localSession;
    }

    /** Sends a description, then the candidates that waited for it ({@link CandidateGate}). */
    synchronized void description(RTCSessionDescription d) {
        log.debug(
                "{} -> {}: sending {} (m-lines: {})",
                localPeerId,
                remotePeer,
                d.sdpType,
                d.sdp.split("\nm=", -1).length - 1);
        transport.send(
                remotePeer,
                MediaSignal.newBuilder()
                        .setSession(localSession)
                        .setDescription(SessionDescription.newBuilder()
                                .setType(typeName(d.sdpType))
                                .setSdp(d.sdp))
                        .build());
        gate.described(d.sdp).forEach(this::send);
    }

    /** Sends a candidate, unless the description it belongs to has not gone out yet. */
    synchronized void candidate(RTCIceCandidate candidate) {
        gate.candidate(candidate, candidate.sdp).forEach(this::send);
    }

    private void send(RTCIceCandidate candidate) {
        transport.send(
                remotePeer,
                MediaSignal.newBuilder()
                        .setSession(localSession)
                        .setCandidate(IceCandidate.newBuilder()
                                .setSdpMid(candidate.sdpMid == null ? "" : candidate.sdpMid)
                                .setSdpMLineIndex(candidate.sdpMLineIndex)
                                .setCandidate(candidate.sdp))
                        .build());
    }

    /** Tells the remote to drop this connection. */
    void hangup() {
        try {
            transport.send(
                    remotePeer,
                    MediaSignal.newBuilder()
                            .setSession(localSession)
                            .setHangup(true)
                            .build());
        } catch (RuntimeException e) {
            log.debug("hangup to {} not delivered: {}", remotePeer, e.toString());
        }
    }

    /** The wire name of an SDP type; {@link Negotiator#parseType} reads it back. */
    static String typeName(RTCSdpType type) {
        return switch (type) {
            case OFFER -> "offer";
            case ANSWER -> "answer";
            case PR_ANSWER -> "pranswer";
            case ROLLBACK -> "rollback";
        };
    }
}
