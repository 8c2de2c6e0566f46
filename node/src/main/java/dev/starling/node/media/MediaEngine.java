package dev.starling.node.media;

import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.starling.node.media.data.ControlMessage;
import dev.starling.node.media.data.FileChannel;
import dev.starling.node.mixing.AudioBus;
import dev.starling.node.routing.SendPlan;
import dev.starling.node.mixing.VideoBus;
import dev.starling.node.media.sink.MarkerOrigins;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.session.LinkSnapshot;
import dev.starling.node.media.session.LocalMedia;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.media.source.SyntheticSources;
import dev.starling.node.media.session.PeerSession;
import dev.starling.node.media.session.SessionHost;
import dev.starling.node.media.synthetic.MarkerPlan;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.media.synthetic.VideoStamp;
import dev.starling.node.metrics.ProcessCpuSampler;
import dev.starling.node.timesync.WallClock;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.MetricsReport;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's WebRTC media: one {@link PeerSession} per remote peer, each with its own
 * factory and synthetic sources (see {@link LocalMedia} for why), all following one audio
 * marker schedule and one video stamp tag.
 *
 * <p>The room drives it with {@link #connect}, {@link #hangup} and {@link #onSignal}, and carries
 * its outgoing signals through the {@link SignalingTransport}. Every method is safe to call from
 * any thread; negotiation itself is serialised on one internal thread.
 */
public final class MediaEngine implements SessionHost, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);
    private static final int DEAD_SESSIONS_KEPT = 64;

    private final MediaConfig config;
    private final LocalSources sources;
    private final SignalingTransport transport;
    private final WallClock clock;
    private final MarkerSchedule schedule;
    private final ControlMessage.Hello hello;

    private final ExecutorService signaling;
    private final ExecutorService negotiation;
    private final ExecutorService control;
    /**
     * Hands transfers from the file channels (libwebrtc's thread) to the file service, which may
     * block on its own sends; bounded, so a peer that floods us costs dropped transfers, which
     * the downloader re-requests, rather than memory.
     */
    private final ExecutorService fileDelivery;
    private final AtomicLong fileTransfersDropped = new AtomicLong();
    private volatile FileChannel.Receiver fileConsumer = (peer, transfer) -> { };
    private final ExecutorService probes;
    private final ScheduledExecutorService media;
    private final ScheduledExecutorService audio;
    private final ScheduledExecutorService poller;

    private static final int FILE_DELIVERY_QUEUE = 64;
    private final Map<String, PeerSession> sessions = new ConcurrentHashMap<>();
    /** Sessions the remote hung up, so late candidates of a dead session do not resurrect it. */
    private final Map<Long, Boolean> deadRemoteSessions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > DEAD_SESSIONS_KEPT;
        }
    };
    private final ProcessCpuSampler cpu = new ProcessCpuSampler();
    private final AudioBus audioBus;
    private final VideoBus videoBus;
    private volatile SendPlan plan;
    private long reportWindowStart;
    private volatile boolean closed;

    public MediaEngine(MediaConfig config, SignalingTransport transport) {
        this(config, transport, WallClock.system());
    }

    public MediaEngine(MediaConfig config, SignalingTransport transport, WallClock clock) {
        this(config, transport, clock, new SyntheticSources(config.width(), config.height(), config.fps(), clock));
    }

    /** @param sources what this node sends; the engine owns them from here on and closes them last */
    public MediaEngine(MediaConfig config, SignalingTransport transport, WallClock clock, LocalSources sources) {
        this.config = config;
        this.sources = sources;
        this.transport = transport;
        this.clock = clock;
        this.reportWindowStart = clock.nowMicros();
        String id = config.localPeerId();
        if (config.recordDir() != null) {
            try {
                Files.createDirectories(config.recordDir());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create record dir " + config.recordDir(), e);
            }
        }
        this.signaling = Executors.newSingleThreadExecutor(named("media-signal-" + id));
        this.negotiation = Executors.newCachedThreadPool(named("media-negotiate-" + id));
        this.control = Executors.newSingleThreadExecutor(named("media-control-" + id));
        this.fileDelivery = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(FILE_DELIVERY_QUEUE), named("media-files-" + id));
        this.probes = Executors.newCachedThreadPool(named("media-probe-" + id));
        this.media = Executors.newScheduledThreadPool(2, named("media-push-" + id));
        this.audio = Executors.newSingleThreadScheduledExecutor(named("media-audio-" + id));
        this.poller = Executors.newSingleThreadScheduledExecutor(named("media-stats-" + id));

        // The marker epoch is a whole number of 10 ms frames in the (near) future, announced via Hello.
        long epoch = ((long) clock.nowMillis() / 10 + 10) * 10;
        this.schedule = new MarkerSchedule(epoch);
        this.hello = new ControlMessage.Hello(epoch, config.markerSlot(), VideoStamp.tagFor(id));
        this.plan = SendPlan.mesh(id);
        this.audioBus = new AudioBus(id, sources.audio(hello.markerSlot()), epoch, clock, this::carries);
        this.videoBus = new VideoBus(id);
        poller.scheduleAtFixedRate(this::pollAll, 1, 1, TimeUnit.SECONDS);
    }

    // ---- what the room calls ----

    /** Starts (or keeps) a link to a peer that is in the room. Idempotent. */
    public void connect(String peerId) {
        onRoutingThread(() -> sessionFor(peerId));
    }

    /** Ends the link to one peer and tells it so. */
    public void hangup(String peerId) {
        onRoutingThread(() -> {
            PeerSession s = sessions.remove(peerId);
            if (s != null) {
                synchronized (deadRemoteSessions) {
                    // Late signals of the connection we just ended must not re-open it.
                    deadRemoteSessions.put(s.remoteSession(), Boolean.TRUE);
                }
                s.sendHangup();
                closeSession(s);
                log.info("{} hung up on {}", config.localPeerId(), peerId);
            }
        });
    }

    /** Entry point for signals from the room. Never throws; malformed signals are logged and dropped. */
    public void onSignal(String fromPeer, MediaSignal signal) {
        if (closed || fromPeer == null || fromPeer.isEmpty() || fromPeer.equals(config.localPeerId())) {
            return;
        }
        onRoutingThread(() -> dispatch(fromPeer, signal));
    }

    /** Room calls are routed on one thread, which never waits on libwebrtc; after close they are no-ops. */
    private void onRoutingThread(Runnable task) {
        try {
            signaling.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            log.debug("{}: call after close ignored", config.localPeerId());
        }
    }

    private void dispatch(String from, MediaSignal signal) {
        try {
            route(from, signal);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Exception | Error e) {
            log.warn("{}: signal from {} dropped: {}", config.localPeerId(), from, e.toString());
        }
    }

    private void route(String from, MediaSignal signal) {
        if (closed) {
            return;
        }
        long remoteSession = signal.getSession();
        synchronized (deadRemoteSessions) {
            if (deadRemoteSessions.containsKey(remoteSession)) {
                return;
            }
        }
        PeerSession existing = sessions.get(from);
        if (signal.getSignalCase() == MediaSignal.SignalCase.HANGUP) {
            if (existing != null && (existing.remoteSession() == 0 || existing.remoteSession() == remoteSession)) {
                sessions.remove(from);
                closeSession(existing);
                log.info("{}: {} hung up", config.localPeerId(), from);
            }
            synchronized (deadRemoteSessions) {
                deadRemoteSessions.put(remoteSession, Boolean.TRUE);
            }
            return;
        }
        if (signal.getSignalCase() == MediaSignal.SignalCase.SIGNAL_NOT_SET) {
            return;
        }
        if (existing != null && existing.remoteSession() != 0 && existing.remoteSession() != remoteSession) {
            // The remote restarted (new process or re-joined): its old connection is gone.
            log.info("{}: {} restarted its session; reconnecting", config.localPeerId(), from);
            sessions.remove(from);
            closeSession(existing);
            existing = null;
        }
        if (existing == null) {
            boolean isOffer = signal.hasDescription() && "offer".equals(signal.getDescription().getType());
            if (!isOffer) {
                log.debug("{}: dropping {} from {} without a session", config.localPeerId(), signal.getSignalCase(), from);
                return;
            }
            existing = sessionFor(from);
            if (existing == null) {
                return;
            }
            existing.adoptRemoteSession(remoteSession);
            existing.submitFirstOffer(signal);
            return;
        }
        if (existing.remoteSession() == 0) {
            existing.adoptRemoteSession(remoteSession);
        }
        existing.submit(signal);
    }

    private PeerSession sessionFor(String peerId) {
        if (closed || peerId.equals(config.localPeerId())) {
            return null;
        }
        PeerSession s = sessions.get(peerId);
        if (s == null) {
            s = new PeerSession(this, peerId);
            sessions.put(peerId, s);
            s.openAsync();
        }
        return s;
    }

    // ---- measurement ----

    public List<LinkSnapshot> links() {
        List<LinkSnapshot> out = new ArrayList<>();
        for (PeerSession s : sessions.values()) {
            out.add(s.snapshot());
        }
        return out;
    }

    public Optional<LinkSnapshot> link(String peerId) {
        return Optional.ofNullable(sessions.get(peerId)).map(PeerSession::snapshot);
    }

    /** Runs the 2 MiB data-channel probe to one peer; completes with Mbit/s. */
    public CompletableFuture<Double> probe(String peerId) {
        PeerSession s = sessions.get(peerId);
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no link to " + peerId));
        }
        return CompletableFuture.supplyAsync(s::probe, probes).thenCompose(f -> f);
    }

    /** Probes every linked peer, one after the other so the probes do not share the uplink. */
    public CompletableFuture<Map<String, Double>> probeAll() {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Double> results = new LinkedHashMap<>();
            for (PeerSession s : new ArrayList<>(sessions.values())) {
                try {
                    results.put(s.remotePeer(), s.probe().get(20, TimeUnit.SECONDS));
                } catch (Exception e) {
                    log.warn("probe to {} failed: {}", s.remotePeer(), e.toString());
                }
            }
            return results;
        }, probes);
    }

    // ---- routing ----

    /**
     * Switches what this node sends on each link (see {@link SendPlan}); links it does not name
     * carry our own media. Mixing starts at once; frozen links stop encoding, thawed ones resume.
     */
    public void applySends(SendPlan next) {
        plan = next;
        // Links announce their new mix contents before the bus mixes them: a peer's echo guard
        // must learn that our audio now carries its voice before that audio reaches it.
        for (PeerSession s : sessions.values()) {
            s.follow(next.inputsFor(s.remotePeer()));
        }
        audioBus.plan(next);
        videoBus.plan(next);
    }

    /** Clears every link's latency histograms (counters and gap records stay). */
    public void resetLatencies() {
        for (PeerSession s : sessions.values()) {
            s.received().audioLatency.reset();
            s.received().videoLatency.reset();
        }
    }

    public SendPlan sendPlan() {
        return plan;
    }

    public Map<String, Number> mixerCounters() {
        return audioBus.counters();
    }

    private final MarkerOrigins origins = new MarkerOrigins() {
        @Override
        public Optional<Origin> bySlot(int slot) {
            PeerSession found = null;
            for (PeerSession s : sessions.values()) {
                if (s.markerSlot().orElse(MarkerPlan.slotFor(s.remotePeer())) == slot) {
                    if (found != null) {
                        return Optional.empty();   // two peers share the slot: the marker names neither
                    }
                    found = s;
                }
            }
            return Optional.ofNullable(found).map(s -> new Origin(s.remotePeer(), s.received(), s));
        }

        @Override
        public boolean isSelf(int slot) {
            return slot == hello.markerSlot();
        }
    };

    /**
     * This node's figures for gossip, covering the window since the previous call: link metrics
     * from the last stats poll, summed bitrates, last probe results and process CPU.
     */
    public synchronized MetricsReport metricsReport() {
        long now = clock.nowMicros();
        MetricsReport.Builder r = MetricsReport.newBuilder()
                .setWindowStartMicros(reportWindowStart).setWindowEndMicros(now).setCpuPercent(cpu.sample());
        reportWindowStart = now;
        double up = 0;
        double down = 0;
        double videoUp = 0;
        int videoLinks = 0;
        double encodeSum = 0;
        int encodeCount = 0;
        for (PeerSession s : sessions.values()) {
            LinkSnapshot snapshot = s.snapshot();
            for (LinkMetrics m : s.latestMetrics()) {
                r.addLinks(withLatency(m, snapshot));
                if ("outbound".equals(m.getDirection())) {
                    up += m.getBitrateKbps();
                    if ("video".equals(m.getKind())) {
                        videoUp += m.getBitrateKbps();
                        videoLinks++;
                        if (m.getEncodeMsPerFrame() > 0) {
                            encodeSum += m.getEncodeMsPerFrame();
                            encodeCount++;
                        }
                    }
                } else {
                    down += m.getBitrateKbps();
                }
            }
            if (!Double.isNaN(s.probeMbps())) {
                r.putProbeMbps(s.remotePeer(), s.probeMbps());
            }
        }
        return r.setUploadKbps(up).setDownloadKbps(down)
                .setAvgOutboundVideoKbps(videoLinks == 0 ? 0 : videoUp / videoLinks)
                .setAvgEncodeMsPerFrame(encodeCount == 0 ? 0 : encodeSum / encodeCount)
                .build();
    }

    /** Inbound audio/video figures carry the one-way latency this node measured on that link. */
    private static LinkMetrics withLatency(LinkMetrics metrics, LinkSnapshot link) {
        if (!"inbound".equals(metrics.getDirection())) {
            return metrics;
        }
        double p50 = switch (metrics.getKind()) {
            case "audio" -> link.audioLatency().p50();
            case "video" -> link.videoLatency().p50();
            default -> Double.NaN;
        };
        return Double.isFinite(p50) ? metrics.toBuilder().setLatencyP50Ms(p50).build() : metrics;
    }

    /** Sends opaque bytes over a link's data channel; lets robustness tests play a misbehaving peer. */
    public boolean sendRawData(String peerId, ByteBuffer data) {
        PeerSession s = sessions.get(peerId);
        return s != null && s.control() != null && s.control().sendRaw(data);
    }

    /** Where transfers arriving on any link's file channel go; set once, by the composition root. */
    public void onFileTransfer(FileChannel.Receiver consumer) {
        this.fileConsumer = consumer;
    }

    /** The file channel to a peer if its link has one and it is open now. */
    public Optional<FileChannel> openFileChannel(String peerId) {
        PeerSession s = sessions.get(peerId);
        return s == null ? Optional.empty() : s.files().filter(FileChannel::isOpen);
    }

    /** Per-link file channel counters, for the files API. */
    public Map<String, Object> fileChannelCounters() {
        Map<String, Object> out = new java.util.TreeMap<>();
        for (PeerSession s : sessions.values()) {
            s.files().ifPresent(f -> out.put(s.remotePeer(), f.counters()));
        }
        out.put("deliveryDropped", fileTransfersDropped.get());
        return out;
    }

    @Override
    public FileChannel.Receiver fileReceiver() {
        return (peer, transfer) -> {
            try {
                fileDelivery.execute(() -> fileConsumer.onTransfer(peer, transfer));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                fileTransfersDropped.incrementAndGet();
            }
        };
    }

    private void pollAll() {
        for (PeerSession s : sessions.values()) {
            try {
                s.poll();
            } catch (RuntimeException e) {
                log.debug("poll {}: {}", s.remotePeer(), e.toString());
            }
        }
    }

    // ---- SessionHost ----

    @Override
    public String localPeerId() {
        return config.localPeerId();
    }

    @Override
    public RTCConfiguration rtcConfiguration() {
        return rtcConfiguration(config.iceServers());
    }

    /** MAX_BUNDLE: one transport per link, so audio, video and data share one ICE/DTLS handshake. */
    static RTCConfiguration rtcConfiguration(List<IceServerConfig> servers) {
        RTCConfiguration c = new RTCConfiguration();
        c.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
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
        return new LocalMedia(config.localPeerId(), sources.playsRemoteAudio(), audioOut,
                videoBus.output(remotePeer, sources.video(hello.videoTag())), schedule.epochMillis(), clock, media,
                audio);
    }

    @Override
    public java.util.Set<String> inputsFor(String remotePeer) {
        return plan.inputsFor(remotePeer);
    }

    @Override
    public MarkerOrigins markerOrigins() {
        return origins;
    }

    @Override
    public AudioBus audioBus() {
        return audioBus;
    }

    @Override
    public VideoBus videoBus() {
        return videoBus;
    }

    @Override
    public SignalingTransport transport() {
        return (peer, signal) -> {
            try {
                transport.send(peer, signal);
            } catch (RuntimeException e) {
                log.warn("signal to {} not sent: {}", peer, e.toString());
            }
        };
    }

    @Override
    public WallClock clock() {
        return clock;
    }

    @Override
    public java.util.concurrent.Executor negotiationPool() {
        return negotiation;
    }

    @Override
    public void discard(PeerSession session) {
        try {
            signaling.execute(() -> {
                if (sessions.remove(session.remotePeer(), session)) {
                    closeSession(session);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the engine's close() takes care of it
        }
    }

    @Override
    public java.util.concurrent.Executor controlExecutor() {
        return task -> {
            try {
                control.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // engine closing
            }
        };
    }

    @Override
    public ControlMessage.Hello hello() {
        return hello;
    }

    @Override
    public Path recordDir() {
        return config.recordDir();
    }

    @Override
    public int fps() {
        return config.fps();
    }

    @Override
    public SendLimits sendLimits() {
        return config.sendLimits();
    }

    /** Whether {@code source}'s audio to us may carry {@code origin}'s voice (see AudioBus's echo guard). */
    private boolean carries(String source, String origin) {
        PeerSession s = sessions.get(source);
        return s != null && s.remoteMixCarries(origin);
    }

    private void closeSession(PeerSession s) {
        s.closeAsync();
        audioBus.forget(s.remotePeer());
        videoBus.forget(s.remotePeer());
    }

    // ---- teardown ----

    /**
     * Hangs up every link and frees its native resources (see {@link PeerSession#closeAsync()}
     * for the order), waiting for every link's teardown. After this no thread of ours remains.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown(poller);
        // Routing is quick and never waits on libwebrtc; let what is queued drain.
        signaling.shutdown();
        await(signaling);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (PeerSession s : sessions.values()) {
            s.sendHangup();
            closing.add(s.closeAsync());
        }
        sessions.clear();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("{}: not every link finished closing: {}", config.localPeerId(), e.toString());
        }
        negotiation.shutdown();
        await(negotiation);
        shutdown(media);
        shutdown(audio);
        shutdown(control);
        shutdown(fileDelivery);
        probes.shutdownNow();
        try {
            sources.close();   // after the pushers are gone: nothing reads a closed file or camera
        } catch (RuntimeException e) {
            log.warn("{}: closing sources: {}", config.localPeerId(), e.toString());
        }
        log.info("media engine {} closed", config.localPeerId());
    }

    public boolean isClosed() {
        return closed;
    }

    public MarkerSchedule markerSchedule() {
        return schedule;
    }

    private static void shutdown(ExecutorService e) {
        e.shutdownNow();
        await(e);
    }

    private static void await(ExecutorService e) {
        try {
            if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("executor did not stop in time");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
