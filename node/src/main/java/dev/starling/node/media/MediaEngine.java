package dev.starling.node.media;

import dev.starling.node.media.data.AudioChannel;
import dev.starling.node.media.data.ControlMessage;
import dev.starling.node.media.data.FileChannel;
import dev.starling.node.media.opus.Opus;
import dev.starling.node.media.playout.PlayoutClock;
import dev.starling.node.media.session.ChannelSupport;
import dev.starling.node.media.session.LinkSnapshot;
import dev.starling.node.media.session.PeerSession;
import dev.starling.node.media.session.RecordingPlan;
import dev.starling.node.media.session.SessionHost;
import dev.starling.node.media.sink.ReceivedMedia;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.media.source.PushTiming;
import dev.starling.node.media.source.SyntheticSources;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.media.synthetic.VideoStamp;
import dev.starling.node.mixing.AudioBus;
import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.mixing.VideoBus;
import dev.starling.node.routing.SendPlan;
import dev.starling.node.timesync.WallClock;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.MetricsReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's WebRTC media: one {@link PeerSession} per remote peer, all following one audio
 * marker schedule and one video stamp tag. The room, the API and the composition root see only
 * this class; it wires the parts that do the work ({@link LinkRegistry}, {@link MediaRouting},
 * {@link LocalMediaFactory}, {@link LinkMeasurements}, {@link FileDelivery},
 * {@link EngineThreads}) and owns their shutdown order.
 *
 * <p>The room drives it with {@link #connect}, {@link #hangup} and {@link #onSignal}, and carries
 * its outgoing signals through the {@link SignalingTransport}. Every method is safe to call from
 * any thread.
 */
public final class MediaEngine implements SignalingEndpoint, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);
    /** How often a mixer tells its recipients whose voices are loud in their mix. */
    private static final long MIX_LEVELS_PERIOD_MILLIS = 50;

    private final String localPeerId;
    private final LocalSources sources;
    private final MarkerSchedule schedule;
    /** How long a link may stay silent after this node's address changed before it restarts ICE. */
    static final long ADDRESS_CHANGE_GRACE_MILLIS = 1_500;

    private final EngineThreads threads;
    private final LinkRegistry registry;
    private final MediaRouting routing;
    private final FileDelivery files;
    private final LinkMeasurements measurements;
    private final SessionHost host;
    /** Null when peers send this node RTP audio (see {@link #playsAudioPackets}). */
    private final PlayoutClock playout;

    private final PushTiming pushTiming = new PushTiming();

    public MediaEngine(MediaConfig config, SignalingTransport transport) {
        this(config, transport, WallClock.system());
    }

    public MediaEngine(MediaConfig config, SignalingTransport transport, WallClock clock) {
        this(config, transport, clock, new SyntheticSources(config.width(), config.height(), config.fps(), clock));
    }

    /** @param sources what this node sends; the engine owns them from here on and closes them last */
    public MediaEngine(MediaConfig config, SignalingTransport transport, WallClock clock, LocalSources sources) {
        String id = config.localPeerId();
        this.localPeerId = id;
        this.sources = sources;
        if (config.recordDir() != null) {
            try {
                Files.createDirectories(config.recordDir());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create record dir " + config.recordDir(), e);
            }
        }
        this.threads = new EngineThreads(id);
        this.registry = new LinkRegistry(id, threads.signaling(), this::newSession, this::forget);
        this.measurements = new LinkMeasurements(registry, threads.probes(), clock);

        // The marker epoch is a whole number of 10 ms frames in the (near) future, announced via Hello.
        long epoch = ((long) clock.nowMillis() / 10 + 10) * 10;
        this.schedule = new MarkerSchedule(epoch);
        this.playout = playsAudioPackets(id, sources) ? new PlayoutClock(id, clock, epoch) : null;
        ControlMessage.Hello hello =
                new ControlMessage.Hello(epoch, config.markerSlot(), VideoStamp.tagFor(id), playout != null);
        AudioBus audioBus = new AudioBus(id, sources.audio(hello.markerSlot()), epoch, clock, registry::carries);
        VideoBus videoBus = new VideoBus(
                id, System::nanoTime, sources.stamper(hello.videoTag()).orElse(null), this::announceComposite);
        this.routing = new MediaRouting(
                SendPlan.mesh(id),
                registry,
                audioBus,
                videoBus,
                config.sendLimits(),
                new LinkOrigins(registry, hello.markerSlot()));
        this.files = new FileDelivery(threads.fileDelivery(), registry);
        LocalMediaFactory localMedia = new LocalMediaFactory(
                config,
                sources,
                hello,
                schedule.epochMillis(),
                clock,
                audioBus,
                videoBus,
                threads.media(),
                threads.audio(),
                pushTiming,
                playout != null);
        this.host = new SessionHost(
                id,
                clock,
                threads.negotiation(),
                localMedia,
                neverThrowing(transport),
                routing,
                routing,
                new RecordingPlan(config.recordDir(), config.fps()),
                new ChannelSupport(
                        threads.controlReplies(),
                        hello,
                        files.receiver(),
                        threads.audioSends(),
                        AudioChannel.bitrateUnder(config.sendLimits().audioBps())),
                playout);
        threads.everySecond(measurements::pollAll);
        threads.every(MIX_LEVELS_PERIOD_MILLIS, routing::reportMixLevels);
        threads.every(AudioFirst.PERIOD_MILLIS, AudioFirst.forThisProcess());
    }

    /**
     * Whether peers should send us audio as packets for our own playout clock: yes, unless the
     * audio plays on a sound card (libwebrtc's device then keeps the time) or libopus is missing.
     */
    private static boolean playsAudioPackets(String id, LocalSources sources) {
        if (sources.playsRemoteAudio()) {
            return false;
        }
        Optional<String> opus = Opus.version();
        if (opus.isEmpty()) {
            log.warn("{}: libopus not found; audio arrives as RTP and plays on libwebrtc's clock", id);
            return false;
        }
        log.info("{}: audio arrives as packets ({}) on this node's playout clock", id, opus.get());
        return true;
    }

    private void announceComposite(String recipient, CompositeContents contents) {
        PeerSession link = registry.get(recipient);
        if (link != null) {
            link.sendComposite(contents);
        }
    }

    private PeerSession newSession(String peerId) {
        return new PeerSession(host, registry, peerId);
    }

    private void forget(String peerId) {
        routing.forget(peerId);
    }

    /** Links send from libwebrtc's threads and their own queues, where a transport failure must not escape. */
    private static SignalingTransport neverThrowing(SignalingTransport transport) {
        return (peer, signal) -> {
            try {
                transport.send(peer, signal);
            } catch (RuntimeException e) {
                log.warn("signal to {} not sent: {}", peer, e.toString());
            }
        };
    }

    // ---- what the room calls ----

    @Override
    public void connect(String peerId) {
        registry.connect(peerId);
    }

    /** Ends the link to one peer and tells it so. */
    @Override
    public void hangup(String peerId) {
        registry.hangup(peerId);
    }

    @Override
    public void onSignal(String fromPeer, MediaSignal signal) {
        registry.onSignal(fromPeer, signal);
    }

    // ---- measurement ----

    /**
     * This node's public address changed ({@link dev.starling.node.media.nat.PublicAddressWatch}).
     * A direct path often heals by itself (the peer learns the new address from the next check),
     * but a path through a TURN allocation bound to the old address never does, and libwebrtc
     * takes seconds to call it lost. A link that received no media in the {@link
     * #ADDRESS_CHANGE_GRACE_MILLIS} after the change restarts ICE then, whichever side is polite.
     */
    public void addressChanged() {
        threads.after(ADDRESS_CHANGE_GRACE_MILLIS, () -> {
            for (PeerSession session : registry.all()) {
                if (session.inboundKbps() == 0) {
                    session.addressChanged();
                }
            }
        });
    }

    public List<LinkSnapshot> links() {
        return measurements.links();
    }

    public Optional<LinkSnapshot> link(String peerId) {
        return measurements.link(peerId);
    }

    /** Runs the 2 MiB data-channel probe to one peer; completes with Mbit/s. */
    public CompletableFuture<Double> probe(String peerId) {
        return measurements.probe(peerId);
    }

    /** Probes every linked peer, one after the other so the probes do not share the uplink. */
    public CompletableFuture<Map<String, Double>> probeAll() {
        return measurements.probeAll();
    }

    /** Clears every link's latency histograms (counters and gap records stay). */
    public void resetLatencies() {
        measurements.resetLatencies();
        pushTiming.reset();
    }

    /**
     * This node's figures for gossip, covering the window since the previous call: link metrics
     * from the last stats poll, summed bitrates, last probe results and process CPU.
     */
    /** How punctually this node's audio left for its encoders since the last reset. */
    public PushTiming audioPushes() {
        return pushTiming;
    }

    public MetricsReport metricsReport() {
        return measurements.metricsReport();
    }

    // ---- routing ----

    /**
     * Switches what this node sends on each link (see {@link SendPlan}); links it does not name
     * carry our own media. Mixing starts at once; frozen links stop encoding, thawed ones resume.
     */
    public void applySends(SendPlan next) {
        routing.apply(next);
    }

    public SendPlan sendPlan() {
        return routing.plan();
    }

    public Map<String, Number> mixerCounters() {
        return routing.mixerCounters();
    }

    /** Hands every link's decoded media to {@code listener} too (the call page); NONE stops it. */
    public void listen(ReceivedMedia listener) {
        routing.receivedMedia(listener);
    }

    /** Whose voices and pictures the link from {@code peerId} carries: the peer itself, or a mixer's inputs. */
    public Set<String> carriedBy(String peerId) {
        return registry.carriedBy(peerId);
    }

    /** How loud each voice in the mix from {@code peerId} was lately, as its mixer said; empty unless a mix. */
    public Map<String, Double> voiceLevels(String peerId) {
        return registry.mixLevelsFrom(peerId);
    }

    // ---- data channels ----

    /** Sends opaque bytes over a link's data channel; lets robustness tests play a misbehaving peer. */
    public boolean sendRawData(String peerId, ByteBuffer data) {
        PeerSession s = registry.get(peerId);
        return s != null && s.control() != null && s.control().sendRaw(data);
    }

    /** Where transfers arriving on any link's file channel go; set once, by the composition root. */
    public void onFileTransfer(FileChannel.Receiver consumer) {
        files.onTransfer(consumer);
    }

    /** The file channel to a peer if its link has one and it is open now. */
    public Optional<FileChannel> openFileChannel(String peerId) {
        return files.openChannel(peerId);
    }

    /** Per-link file channel counters, for the files API. */
    public Map<String, Object> fileChannelCounters() {
        return files.counters();
    }

    // ---- teardown ----

    /**
     * Hangs up every link and frees its native resources (see {@link PeerSession#closeAsync()}
     * for the order), waiting for every link's teardown. After this no thread of ours remains.
     */
    @Override
    public void close() {
        if (!registry.beginClose()) {
            return;
        }
        threads.stopPollingAndRouting();
        registry.closeAll();
        if (playout != null) {
            playout.close();
        }
        threads.stopTheRest();
        try {
            sources.close(); // after the pushers are gone: nothing reads a closed file or camera
        } catch (RuntimeException e) {
            log.warn("{}: closing sources: {}", localPeerId, e.toString());
        }
        log.info("media engine {} closed", localPeerId);
    }

    public boolean isClosed() {
        return registry.isClosing();
    }

    public MarkerSchedule markerSchedule() {
        return schedule;
    }
}
