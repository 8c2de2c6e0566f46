package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCStatsType;
import dev.starling.node.media.SendLimits;
import dev.starling.node.media.data.ControlChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node sends on one link, and when. The route plan freezes and thaws the link without
 * renegotiating, so the connection, its data channel and the receive side stay up and a frozen
 * link thaws within a frame; and audio may only be pushed while no negotiation is in flight,
 * because libwebrtc restarts the device's recording then (see {@link LocalMedia}).
 */
final class SendControl {
    private static final Logger log = LoggerFactory.getLogger(SendControl.class);
    private static final int MAX_CONFIRM_ATTEMPTS = 1000;

    private final String localPeerId;
    private final String remotePeer;
    private final Executor serial;
    private final LinkState link;
    private final NativeLink natives;
    private final DataChannels channels;
    private final SendRouting routing;
    /** Whether our encodings on this link are (to be) active; written on the session queue. */
    private volatile boolean sending = true;

    private boolean audioSendConfirmed;
    private boolean confirmPending;
    private int confirmAttempts;

    SendControl(
            String localPeerId,
            String remotePeer,
            Executor serial,
            LinkState link,
            NativeLink natives,
            DataChannels channels,
            SendRouting routing) {
        this.localPeerId = localPeerId;
        this.remotePeer = remotePeer;
        this.serial = serial;
        this.link = link;
        this.natives = natives;
        this.channels = channels;
        this.routing = routing;
    }

    boolean sending() {
        return sending;
    }

    /**
     * Sends this link what the route plan names for it: {@code inputs} are the origins our audio
     * carries to this peer, announced on the control channel for its echo guard; none freezes the
     * link (the video encoding is switched inactive and audio pushing stops). The announcement
     * goes out at once; freezing and thawing take effect on the link's queue, in call order.
     */
    void follow(Set<String> inputs) {
        ControlChannel c = channels.control();
        if (c != null) {
            // At once, not behind the link's queue: the announcement must overtake the audio it describes.
            c.announceMix(inputs);
        }
        serial.execute(() -> {
            if (!link.closed() && natives.pc() != null) {
                apply(!inputs.isEmpty());
            }
        });
    }

    /**
     * Audio is pushed only while the link is connected and no negotiation is in flight, and
     * recording is stopped each time before pushing resumes. Session queue.
     *
     * <p>The first time, we also wait until the audio send stream is demonstrably running
     * (outbound audio packets in getStats): libwebrtc starts the send stream, and with it the
     * device's recording, on its worker thread once the transport becomes writable, which races
     * with our CONNECTED callback. Stopping recording before that start would not stick.
     */
    void settle() {
        if (link.closed() || !link.connected() || !natives.stable()) {
            return;
        }
        apply(sending);
        if (audioSendConfirmed) {
            natives.local().startAudio();
            return;
        }
        if (confirmPending) {
            return;
        }
        if (confirmAttempts++ >= MAX_CONFIRM_ATTEMPTS) {
            if (confirmAttempts == MAX_CONFIRM_ATTEMPTS + 1) {
                log.warn("{} -> {}: audio send stream never started; not sending audio", localPeerId, remotePeer);
            }
            return;
        }
        confirmPending = true;
        try {
            natives.pc().getStats(report -> {
                boolean started = report.getStats().values().stream()
                        .anyMatch(st -> st.getType() == RTCStatsType.OUTBOUND_RTP
                                && "audio"
                                        .equals(String.valueOf(
                                                st.getAttributes().get("kind")))
                                && st.getAttributes().get("packetsSent") instanceof Number n
                                && n.longValue() > 0);
                CompletableFuture.delayedExecutor(started ? 0 : 10, TimeUnit.MILLISECONDS, serial)
                        .execute(() -> {
                            confirmPending = false;
                            audioSendConfirmed |= started;
                            settle();
                        });
            });
        } catch (RuntimeException | Error e) {
            confirmPending = false;
            log.debug("getStats for {} failed: {}", remotePeer, e.toString());
        }
    }

    /**
     * Freezes or thaws the link, and also applies the bitrate caps: like activation they are
     * encoding parameters. Session queue. Applied again after every settled negotiation: before
     * the first one a sender may have no encodings yet, and a frozen link must not start encoding
     * once it connects.
     */
    void apply(boolean on) {
        natives.local().freeze(!on, audioSendConfirmed && link.connected() && natives.stable());
        SendLimits limits = routing.sendLimits();
        // Video is frozen by deactivating its encodings, which needs no renegotiation; the screen is
        // video like the camera, frozen with it and under the same cap.
        // Non-short-circuit |: the cap must be applied whether or not the activation changed.
        Predicate<RTCRtpEncodingParameters> video = encoding ->
                EncodingEdits.activate(encoding, on) | EncodingEdits.capBitrate(encoding, limits.videoBps());
        editEncodings(natives.videoSender(), video, on ? "activate or cap video" : "freeze or cap video");
        editEncodings(natives.screenSender(), video, on ? "activate or cap screen" : "freeze or cap screen");
        editEncodings(
                natives.audioSender(), encoding -> EncodingEdits.capBitrate(encoding, limits.audioBps()), "cap audio");
        if (sending != on) {
            log.info("{} -> {}: {}", localPeerId, remotePeer, on ? "sending" : "frozen");
        }
        sending = on;
    }

    /**
     * Runs {@code edit} on each of the sender's encodings and sets the parameters if it changed
     * any. A refusal is logged, never thrown: the link works on, only unfrozen or uncapped.
     */
    private void editEncodings(RTCRtpSender sender, Predicate<RTCRtpEncodingParameters> edit, String action) {
        try {
            RTCRtpSendParameters parameters = sender.getParameters();
            if (parameters.encodings == null) {
                return;
            }
            boolean changed = false;
            for (RTCRtpEncodingParameters encoding : parameters.encodings) {
                changed |= edit.test(encoding);
            }
            if (changed) {
                sender.setParameters(parameters);
            }
        } catch (RuntimeException | Error e) {
            log.warn("{} -> {}: cannot {}: {}", localPeerId, remotePeer, action, e.toString());
        }
    }
}
