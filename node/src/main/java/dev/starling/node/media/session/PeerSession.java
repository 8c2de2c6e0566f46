package dev.starling.node.media.session;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.starling.node.media.SendLimits;
import dev.starling.node.media.data.ControlChannel;
import dev.starling.node.media.data.FileChannel;
import dev.starling.node.media.record.Y4mWriter;
import dev.starling.node.media.sink.ReceiveStats;
import dev.starling.node.media.sink.RemoteAudioSink;
import dev.starling.node.media.sink.RemoteTiming;
import dev.starling.node.media.sink.RemoteVideoSink;
import dev.starling.node.media.stats.LinkStatsMapper;
import dev.starling.node.media.stats.StatsEntry;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.timesync.ClockOffset;
import dev.starling.protocol.v1.IceCandidate;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.SessionDescription;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single peer connection between this node and one remote peer: audio, video and a
 * negotiated data channel over one bundled transport, negotiated perfect-negotiation style.
 *
 * <p>Everything that touches the connection (negotiation, stats polls, close) runs on this
 * link's own serial queue and waits for each libwebrtc step to finish before the next signal is
 * looked at, so the glare rules see a consistent state and close never frees the connection
 * under a running step. libwebrtc callbacks (native threads) only enqueue or update counters.
 */
public final class PeerSession implements PeerConnectionObserver, RemoteTiming {
    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);
    private static final long STEP_TIMEOUT_SECONDS = 10;
    private static final int MAX_SDP_CHARS = 64 * 1024;
    private static final int MAX_CANDIDATE_CHARS = 1024;

    private final SessionHost host;
    /** Every negotiation step, stats poll and the close of this link run here, one at a time. */
    private final SerialExecutor serial;
    /** The libwebrtc step being awaited, failed by {@link #closeAsync()} so close need not wait for a timeout. */
    private volatile CompletableFuture<?> currentStep;
    private final String remotePeer;
    private final long localSession = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE | 1;
    private long remoteSession;
    private final GlarePolicy glare;
    private final CandidateBuffer<RTCIceCandidate> candidates = new CandidateBuffer<>(256);
    private final ReceiveStats received = new ReceiveStats();
    private final LinkStatsMapper statsMapper;
    private final long createdNanos = System.nanoTime();
    private final List<Runnable> sinkRemovals = new ArrayList<>();
    private final List<RemoteAudioSink> audioSinks = new ArrayList<>();
    private final List<Y4mWriter> videoRecorders = new ArrayList<>();

    private LocalMedia local;
    private RTCPeerConnection pc;
    private RTCRtpSender audioSender;
    private RTCRtpSender videoSender;
    /** Whether our encodings on this link are (to be) active; written on the session queue. */
    private volatile boolean sending = true;
    private volatile ControlChannel control;
    private volatile FileChannel files;
    private boolean makingOffer;
    private final java.util.concurrent.atomic.AtomicBoolean negotiationQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** When libwebrtc last asked for negotiation, and when we last began applying an answer. */
    private volatile long neededNanos;
    private long answerAppliedNanos;
    private volatile boolean connected;
    private static final int MAX_CONFIRM_ATTEMPTS = 1000;
    private boolean audioSendConfirmed;
    private boolean confirmPending;
    private int confirmAttempts;
    private volatile boolean closed;
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile double connectMillis = Double.NaN;
    private volatile long connectedAtNanos;
    /** Latency samples start this long after connecting: keyframe requests and bandwidth ramp-up are not steady state. */
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private volatile List<LinkMetrics> latestMetrics = List.of();
    private volatile double probeMbps = Double.NaN;

    public PeerSession(SessionHost host, String remotePeer) {
        this.host = host;
        this.serial = new SerialExecutor(host.negotiationPool());
        this.remotePeer = remotePeer;
        this.glare = new GlarePolicy(host.localPeerId(), remotePeer);
        this.statsMapper = new LinkStatsMapper(remotePeer);
    }

    public String remotePeer() {
        return remotePeer;
    }

    public long localSession() {
        return localSession;
    }

    public long remoteSession() {
        return remoteSession;
    }

    public void adoptRemoteSession(long session) {
        this.remoteSession = session;
    }

    public boolean polite() {
        return glare.polite();
    }

    public RTCPeerConnectionState state() {
        return state;
    }

    /** Opens the link on its own queue; see {@link #open()}. */
    public void openAsync() {
        serial.execute(() -> {
            if (closed) {
                return;
            }
            try {
                open();
            } catch (RuntimeException | Error e) {
                log.warn("cannot open link to {}: {}", remotePeer, e.toString());
                host.discard(this);
            }
        });
    }

    /** Creates the connection and its tracks; libwebrtc then asks for negotiation by itself. Session queue. */
    void open() {
        local = host.createLocalMedia(remotePeer);
        pc = local.factory().createPeerConnection(host.rtcConfiguration(), this);
        // Separate stream ids: one shared id makes the receiver lip-sync video to the audio jitter buffer.
        audioSender = pc.addTrack(local.audio(), List.of("a-" + host.localPeerId()));
        videoSender = pc.addTrack(local.video(), List.of("v-" + host.localPeerId()));
        java.util.Set<String> inputs = host.inputsFor(remotePeer);
        applySending(!inputs.isEmpty());
        RTCDataChannelInit init = new RTCDataChannelInit();
        // Pre-negotiated id 0 on both ends: no in-band open handshake, and no glare over who creates it.
        init.negotiated = true;
        init.id = 0;
        init.ordered = true;
        RTCDataChannel channel = pc.createDataChannel("starling", init);
        control = new ControlChannel(remotePeer, channel, host.clock(), host.controlExecutor(), host.hello());
        control.announceMix(inputs);
        // File transfer gets a stream of its own (why: see FileChannel), pre-negotiated the same way.
        RTCDataChannelInit filesInit = new RTCDataChannelInit();
        filesInit.negotiated = true;
        filesInit.id = 1;
        filesInit.ordered = true;
        files = new FileChannel(remotePeer, pc.createDataChannel("starling-files", filesInit), host.fileReceiver());
        local.startVideo();
    }

    // ---- negotiation (this link's serial queue) ----

    /*
     * Negotiation-needed events are coalesced and dropped when stale (fired before the last
     * answer was applied): that answer may already have covered them, and libwebrtc fires again
     * on returning to stable if anything is still missing. Needless offers are not harmless
     * here: every renegotiation restarts the audio device's recording (see LocalMedia).
     */
    private void negotiate() {
        negotiationQueued.set(false);
        if (closed) {
            return;
        }
        if (neededNanos < answerAppliedNanos) {
            log.debug("{} -> {}: stale negotiation request dropped", host.localPeerId(), remotePeer);
            return;
        }
        if (pc.getSignalingState() != RTCSignalingState.STABLE) {
            return;
        }
        makingOffer = true;
        local.pauseAudio();
        try {
            RTCSessionDescription offer = await(f -> pc.createOffer(new RTCOfferOptions(), created(f)));
            if (pc.getSignalingState() != RTCSignalingState.STABLE) {
                return;   // a remote offer got in first; perfect negotiation resolves it
            }
            this.<Void>await(f -> pc.setLocalDescription(offer, applied(f)));
            sendDescription(offer);
        } catch (Exception | Error e) {
            log.warn("offer to {} failed: {}", remotePeer, e.toString());
        } finally {
            makingOffer = false;
            settle();   // resumes audio unless an offer is now outstanding
        }
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
    private void settle() {
        if (closed || !connected || pc.getSignalingState() != RTCSignalingState.STABLE) {
            return;
        }
        applySending(sending);
        if (audioSendConfirmed) {
            local.startAudio();
            return;
        }
        if (confirmPending) {
            return;
        }
        if (confirmAttempts++ >= MAX_CONFIRM_ATTEMPTS) {
            if (confirmAttempts == MAX_CONFIRM_ATTEMPTS + 1) {
                log.warn("{} -> {}: audio send stream never started; not sending audio", host.localPeerId(), remotePeer);
            }
            return;
        }
        confirmPending = true;
        try {
            pc.getStats(report -> {
                boolean sending = report.getStats().values().stream().anyMatch(st ->
                        st.getType() == dev.onvoid.webrtc.RTCStatsType.OUTBOUND_RTP
                                && "audio".equals(String.valueOf(st.getAttributes().get("kind")))
                                && st.getAttributes().get("packetsSent") instanceof Number n && n.longValue() > 0);
                CompletableFuture.delayedExecutor(sending ? 0 : 10, TimeUnit.MILLISECONDS, serial)
                        .execute(() -> {
                            confirmPending = false;
                            audioSendConfirmed |= sending;
                            settle();
                        });
            });
        } catch (RuntimeException | Error e) {
            confirmPending = false;
            log.debug("getStats for {} failed: {}", remotePeer, e.toString());
        }
    }

    /** Queues one signal from the remote peer; signals of one peer are applied in arrival order. */
    public void submit(MediaSignal signal) {
        serial.execute(() -> handle(signal));
    }

    /**
     * Queues the first offer of a link the remote opened; if it cannot be applied, the link is
     * discarded rather than left half-open with encoders running.
     */
    public void submitFirstOffer(MediaSignal signal) {
        serial.execute(() -> {
            handle(signal);
            if (!closed && !hasRemoteDescription()) {
                log.warn("{}: first offer from {} unusable; dropping the link", host.localPeerId(), remotePeer);
                host.discard(this);
            }
        });
    }

    /** Applies one signal from the remote peer. Session queue. Never throws. */
    private void handle(MediaSignal signal) {
        if (closed || pc == null) {
            return;
        }
        try {
            switch (signal.getSignalCase()) {
                case DESCRIPTION -> {
                    local.pauseAudio();
                    try {
                        onDescription(signal.getDescription());
                    } finally {
                        settle();
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
        log.debug("{} <- {}: {} in {}", host.localPeerId(), remotePeer, d.getType(), pc.getSignalingState());
        RTCSdpType type = parseType(d.getType());
        if (type == null || d.getSdp().length() > MAX_SDP_CHARS || (type != RTCSdpType.ROLLBACK && d.getSdp().isBlank())) {
            log.warn("dropped malformed description from {} (type '{}', {} chars)", remotePeer,
                    abbreviate(d.getType()), d.getSdp().length());
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
            this.<Void>await(f -> pc.setLocalDescription(new RTCSessionDescription(RTCSdpType.ROLLBACK, ""), applied(f)));
        }
        if (type == RTCSdpType.ANSWER && pc.getSignalingState() != RTCSignalingState.HAVE_LOCAL_OFFER) {
            log.debug("dropped unexpected answer from {} in {}", remotePeer, pc.getSignalingState());
            return;
        }
        if (!isOffer) {
            answerAppliedNanos = System.nanoTime();
        }
        this.<Void>await(f -> pc.setRemoteDescription(
                new RTCSessionDescription(type, d.getSdp()), applied(f)));
        if (isOffer) {
            RTCSessionDescription answer = await(f -> pc.createAnswer(new RTCAnswerOptions(), created(f)));
            answerAppliedNanos = System.nanoTime();
            this.<Void>await(f -> pc.setLocalDescription(answer, applied(f)));
            sendDescription(answer);
        }
        flushCandidates();
    }

    private void onCandidate(IceCandidate c) {
        if (c.getCandidate().length() > MAX_CANDIDATE_CHARS || c.getSdpMid().length() > 64 || c.getSdpMLineIndex() < 0
                || c.getSdpMLineIndex() > 16) {
            log.warn("dropped oversized or malformed candidate from {}", remotePeer);
            return;
        }
        if (c.getCandidate().isEmpty()) {
            return;   // end-of-candidates marker
        }
        RTCIceCandidate candidate = new RTCIceCandidate(c.getSdpMid(), c.getSdpMLineIndex(), c.getCandidate());
        if (!candidates.offer(candidate, descriptionsSet(), this::addCandidate)) {
            log.warn("candidate buffer for {} full; dropping", remotePeer);
        }
    }

    /** Session queue. */
    private boolean hasRemoteDescription() {
        try {
            return !closed && pc != null && pc.getRemoteDescription() != null;
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    private boolean descriptionsSet() {
        return pc.getLocalDescription() != null && pc.getRemoteDescription() != null;
    }

    private void flushCandidates() {
        candidates.flush(descriptionsSet(), this::addCandidate);
    }

    private void addCandidate(RTCIceCandidate c) {
        try {
            pc.addIceCandidate(c);
        } catch (RuntimeException | Error e) {
            log.debug("candidate from {} rejected: {}", remotePeer, e.toString());
        }
    }

    private void sendDescription(RTCSessionDescription d) {
        log.debug("{} -> {}: sending {} (m-lines: {})", host.localPeerId(), remotePeer, d.sdpType,
                d.sdp.split("\nm=", -1).length - 1);
        host.transport().send(remotePeer, MediaSignal.newBuilder().setSession(localSession)
                .setDescription(SessionDescription.newBuilder().setType(typeName(d.sdpType)).setSdp(d.sdp)).build());
    }

    /** Tells the remote to drop this connection; sent before {@link #close()} on a local hangup. */
    public void sendHangup() {
        try {
            host.transport().send(remotePeer, MediaSignal.newBuilder().setSession(localSession).setHangup(true).build());
        } catch (RuntimeException e) {
            log.debug("hangup to {} not delivered: {}", remotePeer, e.toString());
        }
    }

    // ---- libwebrtc callbacks (native threads) ----

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        if (closed) {
            return;
        }
        host.transport().send(remotePeer, MediaSignal.newBuilder().setSession(localSession)
                .setCandidate(IceCandidate.newBuilder().setSdpMid(candidate.sdpMid == null ? "" : candidate.sdpMid)
                        .setSdpMLineIndex(candidate.sdpMLineIndex).setCandidate(candidate.sdp))
                .build());
    }

    @Override
    public void onRenegotiationNeeded() {
        neededNanos = System.nanoTime();
        if (!closed && negotiationQueued.compareAndSet(false, true)) {
            serial.execute(this::negotiate);
        }
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState newState) {
        state = newState;
        log.info("link {} -> {} is {}", host.localPeerId(), remotePeer, newState);
        if (newState == RTCPeerConnectionState.CONNECTED && Double.isNaN(connectMillis)) {
            connectedAtNanos = System.nanoTime();
            connectMillis = (connectedAtNanos - createdNanos) / 1e6;
        }
        connected = newState == RTCPeerConnectionState.CONNECTED;
        if (connected && !closed) {
            serial.execute(this::settle);
        }
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
        if (closed) {
            return;
        }
        MediaStreamTrack track = transceiver.getReceiver().getTrack();
        Path dir = host.recordDir();
        synchronized (sinkRemovals) {
            if (track instanceof AudioTrack audio) {
                RemoteAudioSink sink = new RemoteAudioSink(remotePeer, received, this, host.clock(),
                        dir == null ? null : dir.resolve(safeName(remotePeer) + ".wav"), host.markerOrigins(),
                        host.audioBus());
                audio.addSink(sink);
                audioSinks.add(sink);
                sinkRemovals.add(() -> audio.removeSink(sink));
            } else if (track instanceof VideoTrack video) {
                Y4mWriter recorder = null;
                if (dir != null) {
                    try {
                        recorder = new Y4mWriter(dir.resolve(safeName(remotePeer) + ".y4m"), host.fps());
                        videoRecorders.add(recorder);
                    } catch (java.io.IOException e) {
                        log.warn("cannot record video from {}: {}", remotePeer, e.toString());
                    }
                }
                RemoteVideoSink sink = new RemoteVideoSink(remotePeer, received, this, host.clock(), recorder,
                        host.videoBus());
                video.addSink(sink);
                sinkRemovals.add(() -> video.removeSink(sink));
            }
        }
    }

    // ---- routing ----

    /**
     * Sends this link what the route plan names for it: {@code inputs} are the origins our audio
     * carries to this peer, announced on the control channel for its echo guard; none freezes the
     * link. Freezing and thawing need no renegotiation: the video encoding is switched (in)active
     * and audio pushing stops or resumes, so the connection, its data channel and the receive side
     * stay up, and a frozen link thaws within a frame. The announcement goes out at once; freezing
     * and thawing take effect on the link's queue, in call order.
     */
    public void follow(java.util.Set<String> inputs) {
        ControlChannel c = control;
        if (c != null) {
            // At once, not behind the link's queue: the announcement must overtake the audio it describes.
            c.announceMix(inputs);
        }
        serial.execute(() -> {
            if (!closed && pc != null) {
                applySending(!inputs.isEmpty());
            }
        });
    }

    public boolean sending() {
        return sending;
    }

    @Override
    public boolean carriesOnlyItsOwnVoice() {
        ControlChannel c = control;
        return c != null && c.remoteMixCarriesOnly(remotePeer);
    }

    /** Whether the peer's audio to us may carry {@code origin}'s voice, as it announced (false before it did). */
    public boolean remoteMixCarries(String origin) {
        ControlChannel c = control;
        return c != null && c.remoteMixCarries(origin);
    }

    /**
     * Also applies the bitrate caps: like activation they are encoding parameters. Session queue.
     * Applied again after every settled negotiation: before the first one a sender may have no
     * encodings yet, and a frozen link must not start encoding once it connects.
     */
    private void applySending(boolean on) {
        local.freeze(!on, audioSendConfirmed && connected
                && pc.getSignalingState() == RTCSignalingState.STABLE);
        SendLimits limits = host.sendLimits();
        // Video is frozen by deactivating its encoding, which needs no renegotiation.
        // Non-short-circuit |: the cap must be applied whether or not the activation changed.
        editEncodings(videoSender, encoding -> EncodingEdits.activate(encoding, on)
                | EncodingEdits.capBitrate(encoding, limits.videoBps()), on ? "activate or cap video" : "freeze or cap video");
        editEncodings(audioSender, encoding -> EncodingEdits.capBitrate(encoding, limits.audioBps()), "cap audio");
        if (sending != on) {
            log.info("{} -> {}: {}", host.localPeerId(), remotePeer, on ? "sending" : "frozen");
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
            log.warn("{} -> {}: cannot {}: {}", host.localPeerId(), remotePeer, action, e.toString());
        }
    }

    // ---- timing, stats, probe ----

    @Override
    public Optional<ClockOffset> clockOffset() {
        return control == null ? Optional.empty() : control.clockOffset();
    }

    @Override
    public boolean steady() {
        long at = connectedAtNanos;
        return at != 0 && System.nanoTime() - at > WARM_UP_NANOS;
    }

    @Override
    public java.util.OptionalInt markerSlot() {
        return control == null ? java.util.OptionalInt.empty() : control.remoteMarkerSlot();
    }

    @Override
    public Optional<MarkerSchedule> markerSchedule() {
        return control == null ? Optional.empty() : control.remoteSchedule();
    }

    /** Called about once a second by the engine: refreshes metrics and sends a time probe. */
    public void poll() {
        serial.execute(this::pollNow);
    }

    private void pollNow() {
        if (closed || pc == null) {
            return;
        }
        control.sendTimeRequest();
        try {
            pc.getStats(this::onStats);
        } catch (RuntimeException | Error e) {
            log.debug("getStats for {} failed: {}", remotePeer, e.toString());
        }
    }

    private void onStats(RTCStatsReport report) {
        List<StatsEntry> entries = new ArrayList<>();
        for (RTCStats s : report.getStats().values()) {
            String type = s.getType() == null ? "" : s.getType().name().toLowerCase().replace('_', '-');
            entries.add(new StatsEntry(type, s.getId(), s.getTimestamp(), s.getAttributes()));
        }
        latestMetrics = statsMapper.map(entries);
    }

    public CompletableFuture<Double> probe() {
        if (control == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not open"));
        }
        return control.runProbe().whenComplete((mbps, err) -> {
            if (mbps != null) {
                probeMbps = mbps;
            }
        });
    }

    public ControlChannel control() {
        return control;
    }

    /** This link's file channel, once the link is open (open or not). */
    public Optional<FileChannel> files() {
        return Optional.ofNullable(files);
    }

    public ReceiveStats received() {
        return received;
    }

    public LinkSnapshot snapshot() {
        return new LinkSnapshot(remotePeer, state.name().toLowerCase(), connectMillis,
                received.videoFrames.get(), received.stampsDecoded.get(), received.videoLatency.summary(),
                received.audioChunks.get(), received.markersDetected.get(), received.audioLatency.summary(),
                clockOffset().orElse(null), probeMbps, latestMetrics,
                control == null ? 0 : control.malformed.get() + control.oversized.get(),
                sending, received.markersRelayed.get(), received.markersOwn.get(), received.markersMisread.get(),
                received.audioGaps.since(0),
                received.audioGaps.lastHeardMillis());
    }

    public List<LinkMetrics> latestMetrics() {
        return latestMetrics;
    }

    public double probeMbps() {
        return probeMbps;
    }

    /**
     * Tears the link down in the order that keeps libwebrtc's threads away from freed objects:
     * pushers, sinks, data channel, connection, then tracks, sources, device and factory.
     */
    public CompletableFuture<Void> closeAsync() {
        closed = true;   // queued steps now return at once
        CompletableFuture<?> step = currentStep;
        if (step != null) {
            step.completeExceptionally(new IllegalStateException("link closing"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> {
            try {
                closeNow();
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    private boolean teardownDone;

    private void closeNow() {
        if (teardownDone) {
            return;
        }
        teardownDone = true;
        closed = true;
        if (local != null) {
            local.stopPushers();
        }
        synchronized (sinkRemovals) {
            for (Runnable r : sinkRemovals) {
                try {
                    r.run();
                } catch (RuntimeException | Error e) {
                    log.debug("removing sink: {}", e.toString());
                }
            }
            sinkRemovals.clear();
        }
        if (control != null) {
            control.close();
        }
        if (files != null) {
            files.close();
        }
        if (pc != null) {
            try {
                pc.close();
            } catch (RuntimeException | Error e) {
                log.debug("closing connection to {}: {}", remotePeer, e.toString());
            }
        }
        state = RTCPeerConnectionState.CLOSED;
        if (local != null) {
            local.close();
        }
        audioSinks.forEach(RemoteAudioSink::close);
        for (Y4mWriter w : videoRecorders) {
            try {
                w.close();
            } catch (java.io.IOException e) {
                log.debug("closing video recording: {}", e.toString());
            }
        }
    }

    // ---- helpers ----

    private <T> T await(Consumer<CompletableFuture<T>> step) throws Exception {
        if (closed) {
            throw new IllegalStateException("link closing");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        currentStep = f;
        try {
            step.accept(f);
            return f.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            currentStep = null;
        }
    }

    private static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> f) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                f.complete(description);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private static SetSessionDescriptionObserver applied(CompletableFuture<Void> f) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    static RTCSdpType parseType(String type) {
        return switch (type) {
            case "offer" -> RTCSdpType.OFFER;
            case "answer" -> RTCSdpType.ANSWER;
            case "pranswer" -> RTCSdpType.PR_ANSWER;
            case "rollback" -> RTCSdpType.ROLLBACK;
            default -> null;
        };
    }

    static String typeName(RTCSdpType type) {
        return switch (type) {
            case OFFER -> "offer";
            case ANSWER -> "answer";
            case PR_ANSWER -> "pranswer";
            case ROLLBACK -> "rollback";
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 16 ? s.substring(0, 16) + "…" : s;
    }

    private static String safeName(String peerId) {
        return peerId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
