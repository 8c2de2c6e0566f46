package dev.starling.node.media.session;

import static dev.starling.node.media.session.LibwebrtcSteps.applied;
import static dev.starling.node.media.session.LibwebrtcSteps.created;

import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.starling.protocol.v1.IceCandidate;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.SessionDescription;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Perfect negotiation for one link. Either side may offer whenever libwebrtc asks; when offers
 * cross, the {@link GlarePolicy} decides which one survives. Remote input is untrusted, so every
 * description and candidate is bounded and checked before libwebrtc sees it.
 *
 * <p>Audio is paused for every (re)negotiation, and the sender is asked to settle afterwards:
 * libwebrtc may restart the audio device's recording while it applies descriptions (see
 * {@link LocalMedia}). All of this runs on the session queue.
 */
final class Negotiator {
    private static final Logger log = LoggerFactory.getLogger(Negotiator.class);
    private static final int MAX_SDP_CHARS = 64 * 1024;
    private static final int MAX_CANDIDATE_CHARS = 1024;

    private final String localPeerId;
    private final String remotePeer;
    private final Executor serial;
    private final LinkState link;
    private final NativeLink natives;
    private final LibwebrtcSteps steps;
    private final SignalSender signals;
    private final RemoteStreams remoteStreams;
    /** Runs after every negotiation attempt: sending resumes once the link is stable again. */
    private final Runnable settle;

    private final GlarePolicy glare;
    private final CandidateBuffer<RTCIceCandidate> candidates = new CandidateBuffer<>(256);
    private boolean makingOffer;
    private final AtomicBoolean negotiationQueued = new AtomicBoolean();
    /** When libwebrtc last asked for negotiation, and when we last began applying an answer. */
    private volatile long neededNanos;

    private long answerAppliedNanos;

    Negotiator(
            String localPeerId,
            String remotePeer,
            Executor serial,
            LinkState link,
            NativeLink natives,
            LibwebrtcSteps steps,
            SignalSender signals,
            RemoteStreams remoteStreams,
            Runnable settle) {
        this.remoteStreams = remoteStreams;
        this.localPeerId = localPeerId;
        this.remotePeer = remotePeer;
        this.serial = serial;
        this.link = link;
        this.natives = natives;
        this.steps = steps;
        this.signals = signals;
        this.settle = settle;
        this.glare = new GlarePolicy(localPeerId, remotePeer);
    }

    boolean polite() {
        return glare.polite();
    }

    /** libwebrtc asks for negotiation (its thread): queue one attempt unless one is queued already. */
    void needed() {
        neededNanos = System.nanoTime();
        if (!link.closed() && negotiationQueued.compareAndSet(false, true)) {
            serial.execute(this::negotiate);
        }
    }

    /*
     * Negotiation-needed events are coalesced and dropped when stale (fired before the last
     * answer was applied): that answer may already have covered them, and libwebrtc fires again
     * on returning to stable if anything is still missing. Needless offers are not harmless
     * here: every renegotiation restarts the audio device's recording (see LocalMedia).
     */
    private void negotiate() {
        negotiationQueued.set(false);
        if (link.closed()) {
            return;
        }
        if (neededNanos < answerAppliedNanos) {
            log.debug("{} -> {}: stale negotiation request dropped", localPeerId, remotePeer);
            return;
        }
        RTCPeerConnection pc = natives.pc();
        if (pc.getSignalingState() != RTCSignalingState.STABLE) {
            return;
        }
        makingOffer = true;
        natives.local().pauseAudio();
        try {
            RTCSessionDescription offer = steps.await(f -> pc.createOffer(new RTCOfferOptions(), created(f)));
            if (pc.getSignalingState() != RTCSignalingState.STABLE) {
                return; // a remote offer got in first; perfect negotiation resolves it
            }
            steps.<Void>await(f -> pc.setLocalDescription(offer, applied(f)));
            signals.description(offer);
        } catch (Exception | Error e) {
            log.warn("offer to {} failed: {}", remotePeer, e.toString());
        } finally {
            makingOffer = false;
            settle.run(); // resumes audio unless an offer is now outstanding
        }
    }

    /** Applies one signal from the remote peer. Session queue. Never throws. */
    void handle(MediaSignal signal) {
        if (link.closed() || natives.pc() == null) {
            return;
        }
        try {
            switch (signal.getSignalCase()) {
                case DESCRIPTION -> {
                    natives.local().pauseAudio();
                    try {
                        onDescription(signal.getDescription());
                    } finally {
                        settle.run();
                    }
                }
                case CANDIDATE -> onCandidate(signal.getCandidate());
                default -> log.debug("ignoring signal {} from {}", signal.getSignalCase(), remotePeer);
            }
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Exception | Error e) {
            // webrtc-java reports SDP and candidate parse failures as java.lang.Error.
            log.warn("dropped bad signal from {}: {}", remotePeer, e.toString());
        }
    }

    private void onDescription(SessionDescription d) throws Exception {
        RTCPeerConnection pc = natives.pc();
        log.debug("{} <- {}: {} in {}", localPeerId, remotePeer, d.getType(), pc.getSignalingState());
        RTCSdpType type = parseType(d.getType());
        if (type == null
                || d.getSdp().length() > MAX_SDP_CHARS
                || (type != RTCSdpType.ROLLBACK && d.getSdp().isBlank())) {
            log.warn(
                    "dropped malformed description from {} (type '{}', {} chars)",
                    remotePeer,
                    abbreviate(d.getType()),
                    d.getSdp().length());
            return;
        }
        boolean isOffer = type == RTCSdpType.OFFER;
        boolean stable = pc.getSignalingState() == RTCSignalingState.STABLE;
        if (glare.ignore(isOffer, makingOffer, stable)) {
            log.debug("glare with {}: impolite, ignoring their offer", remotePeer);
            return;
        }
        if (GlarePolicy.collision(isOffer, makingOffer, stable)) {
            log.debug("glare with {}: polite, rolling back our offer", remotePeer);
            steps.<Void>await(
                    f -> pc.setLocalDescription(new RTCSessionDescription(RTCSdpType.ROLLBACK, ""), applied(f)));
        }
        if (type == RTCSdpType.ANSWER && pc.getSignalingState() != RTCSignalingState.HAVE_LOCAL_OFFER) {
            log.debug("dropped unexpected answer from {} in {}", remotePeer, pc.getSignalingState());
            return;
        }
        if (!isOffer) {
            answerAppliedNanos = System.nanoTime();
        }
        if (type != RTCSdpType.ROLLBACK) {
            // Before applying: libwebrtc announces the tracks it brings while applying it.
            remoteStreams.described(d.getSdp());
        }
        steps.<Void>await(f -> pc.setRemoteDescription(new RTCSessionDescription(type, d.getSdp()), applied(f)));
        if (isOffer) {
            RTCSessionDescription answer = steps.await(f -> pc.createAnswer(new RTCAnswerOptions(), created(f)));
            answerAppliedNanos = System.nanoTime();
            steps.<Void>await(f -> pc.setLocalDescription(answer, applied(f)));
            signals.description(answer);
        }
        candidates.flush(descriptionsSet(), this::addCandidate);
    }

    private void onCandidate(IceCandidate c) {
        if (c.getCandidate().length() > MAX_CANDIDATE_CHARS
                || c.getSdpMid().length() > 64
                || c.getSdpMLineIndex() < 0
                || c.getSdpMLineIndex() > 16) {
            log.warn("dropped oversized or malformed candidate from {}", remotePeer);
            return;
        }
        if (c.getCandidate().isEmpty()) {
            return; // end-of-candidates marker
        }
        RTCIceCandidate candidate = new RTCIceCandidate(c.getSdpMid(), c.getSdpMLineIndex(), c.getCandidate());
        if (!candidates.offer(candidate, descriptionsSet(), this::addCandidate)) {
            log.warn("candidate buffer for {} full; dropping", remotePeer);
        }
    }

    /** Session queue. */
    boolean hasRemoteDescription() {
        try {
            return !link.closed() && natives.pc() != null && natives.pc().getRemoteDescription() != null;
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    private boolean descriptionsSet() {
        RTCPeerConnection pc = natives.pc();
        return pc.getLocalDescription() != null && pc.getRemoteDescription() != null;
    }

    private void addCandidate(RTCIceCandidate c) {
        try {
            natives.pc().addIceCandidate(c);
        } catch (RuntimeException | Error e) {
            log.debug("candidate from {} rejected: {}", remotePeer, e.toString());
        }
    }

    /** The SDP type a wire name stands for ({@link SignalSender#typeName} writes it), or null. */
    static RTCSdpType parseType(String type) {
        return switch (type) {
            case "offer" -> RTCSdpType.OFFER;
            case "answer" -> RTCSdpType.ANSWER;
            case "pranswer" -> RTCSdpType.PR_ANSWER;
            case "rollback" -> RTCSdpType.ROLLBACK;
            default -> null;
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 16 ? s.substring(0, 16) + "…" : s;
    }
}
