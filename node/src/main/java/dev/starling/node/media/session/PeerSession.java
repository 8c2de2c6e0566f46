package dev.starling.node.media.session;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.starling.node.media.data.AudioChannel;
import dev.starling.node.media.data.ControlChannel;
import dev.starling.node.media.data.FileChannel;
import dev.starling.node.media.playout.PlayoutSummary;
import dev.starling.node.media.sink.ReceiveStats;
import dev.starling.node.media.sink.RemoteTiming;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.timesync.ClockOffset;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MediaSignal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single peer connection between this node and one remote peer: audio, video and three
 * negotiated data channels over one bundled transport. The engine sees one object per peer;
 * the work is done by the parts behind it ({@link Negotiator}, {@link SendControl},
 * {@link ReceivePath}, {@link LinkStats}, {@link ThroughputProbe}, {@link Teardown}), each
 * holding only what it needs, so each concern can be read and changed on its own.
 *
 * <p>Everything that touches the connection (negotiation, stats polls, close) runs on this
 * link's own serial queue and waits for each libwebrtc step to finish before the next signal is
 * looked at, so the glare rules see a consistent state and close never frees the connection
 * under a running step. libwebrtc callbacks (native threads) only enqueue or update counters.
 */
public final class PeerSession implements PeerConnectionObserver, RemoteTiming {
    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);

    private final String localPeerId;
    private final String remotePeer;
    private final LinkOwner owner;
    private final LinkSetup setup;
    private final SendRouting routing;
    /** Every negotiation step, stats poll and the close of this link run here, one at a time. */
    private final SerialExecutor serial;

    private final LinkState link = new LinkState();
    private final Reconnection reconnection = new Reconnection();
    private final NativeLink natives = new NativeLink();
    private final ReceiveStats received = new ReceiveStats();
    private final SignalSender signals;
    private final DataChannels channels;
    private final Negotiator negotiator;
    private final SendControl sender;
    private final ReceivePath receiver;
    private final LinkStats stats;
    private final ThroughputProbe probe;
    private final Teardown teardown;
    private final boolean receivesAudioPackets;
    private long remoteSession;

    public PeerSession(SessionHost host, LinkOwner owner, String remotePeer) {
        this.localPeerId = host.localPeerId();
        this.remotePeer = remotePeer;
        this.owner = owner;
        this.setup = host.setup();
        this.routing = host.sending();
        this.serial = new SerialExecutor(host.negotiationPool());
        this.receivesAudioPackets = host.playout() != null;
        LibwebrtcSteps steps = new LibwebrtcSteps(link);
        this.signals = new SignalSender(host.signals(), localPeerId, remotePeer);
        this.channels = new DataChannels(remotePeer, host.clock(), host.channels());
        this.sender = new SendControl(localPeerId, remotePeer, serial, link, natives, channels, routing);
        RemoteStreams remoteStreams = new RemoteStreams();
        this.negotiator = new Negotiator(
                localPeerId, remotePeer, serial, link, natives, steps, signals, remoteStreams, sender::settle);
        this.receiver = new ReceivePath(
                remotePeer,
                link,
                received,
                this,
                host.clock(),
                host.receiving(),
                host.recording(),
                remoteStreams,
                host.playout());
        this.stats = new LinkStats(
                remotePeer, serial, link, natives, channels, receiver::screenTrackIds, receivesAudioPackets);
        this.probe = new ThroughputProbe(channels);
        this.teardown = new Teardown(remotePeer, serial, link, steps, natives, receiver, channels);
    }

    public String remotePeer() {
        return remotePeer;
    }

    public long localSession() {
        return signals.localSession();
    }

    public long remoteSession() {
        return remoteSession;
    }

    public void adoptRemoteSession(long session) {
        this.remoteSession = session;
    }

    public boolean polite() {
        return negotiator.polite();
    }

    public RTCPeerConnectionState state() {
        return link.state();
    }

    // ---- lifecycle ----

    /** Opens the link on its own queue; see {@link #open()}. */
    public void openAsync() {
        serial.execute(() -> {
            if (link.closed()) {
                return;
            }
            try {
                open();
            } catch (RuntimeException | Error e) {
                log.warn("cannot open link to {}: {}", remotePeer, e.toString());
                owner.discard(this);
            }
        });
    }

    /** Creates the connection, its tracks and data channels; libwebrtc then asks for negotiation by itself. Session queue. */
    void open() {
        natives.create(setup, localPeerId, remotePeer, this);
        Set<String> inputs = routing.inputsFor(remotePeer);
        sender.apply(!inputs.isEmpty());
        channels.open(natives.pc(), inputs);
        natives.local().sendAudioPacketsOver(channels.audio());
        receiver.playPackets(channels.audio());
        natives.local().startVideo();
    }

    /** Tears the link down; see {@link Teardown} for the order. */
    public CompletableFuture<Void> closeAsync() {
        return teardown.closeAsync();
    }

    // ---- signaling ----

    /** Queues one signal from the remote peer; signals of one peer are applied in arrival order. */
    public void submit(MediaSignal signal) {
        serial.execute(() -> negotiator.handle(signal));
    }

    /**
     * Queues the first offer of a link the remote opened; if it cannot be applied, the link is
     * discarded rather than left half-open with encoders running.
     */
    public void submitFirstOffer(MediaSignal signal) {
        serial.execute(() -> {
            negotiator.handle(signal);
            if (!link.closed() && !negotiator.hasRemoteDescription()) {
                log.warn("{}: first offer from {} unusable; dropping the link", localPeerId, remotePeer);
                owner.discard(this);
            }
        });
    }

    /** Tells the remote to drop this connection; sent before {@link #closeAsync()} on a local hangup. */
    public void sendHangup() {
        signals.hangup();
    }

    // ---- libwebrtc callbacks (native threads) ----

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        if (!link.closed()) {
            signals.candidate(candidate);
        }
    }

    @Override
    public void onRenegotiationNeeded() {
        negotiator.needed();
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState newState) {
        boolean connected = link.changed(newState);
        reconnection.changed(newState, System.currentTimeMillis());
        if (newState == RTCPeerConnectionState.DISCONNECTED || newState == RTCPeerConnectionState.FAILED) {
            log.info("link {} -> {} is {} (last path: {})", localPeerId, remotePeer, newState, stats.icePath());
        } else {
            log.info("link {} -> {} is {}", localPeerId, remotePeer, newState);
        }
        if (connected && !link.closed()) {
            serial.execute(sender::settle);
        }
        if (newState == RTCPeerConnectionState.FAILED) {
            serial.execute(this::restartIceIfDue);
        }
    }

    /**
     * What arrived on this link in the last stats window, kbit/s over every inbound stream (RTP
     * as counted by getStats: a silent link's decoder still plays out concealment).
     */
    public double inboundKbps() {
        return latestMetrics().stream()
                .filter(m -> "inbound".equals(m.getDirection()))
                .mapToDouble(LinkMetrics::getBitrateKbps)
                .filter(Double::isFinite)
                .sum();
    }

    /** This node's public address changed and this link went silent: restart ICE now, whichever side is polite. */
    public void addressChanged() {
        serial.execute(() -> {
            if (!link.closed() && reconnection.addressChanged(System.currentTimeMillis())) {
                log.info(
                        "link {} -> {}: silent since this node's address changed, restarting ICE",
                        localPeerId,
                        remotePeer);
                natives.pc().restartIce();
            }
        });
    }

    /** Asks libwebrtc for new candidates (an offer with new ICE credentials follows) if {@link Reconnection} says so. Session queue. */
    private void restartIceIfDue() {
        if (!link.closed() && reconnection.restartDue(!negotiator.polite(), System.currentTimeMillis())) {
            log.info("link {} -> {} lost its path ({}): restarting ICE", localPeerId, remotePeer, link.state());
            natives.pc().restartIce();
        }
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
        receiver.onTrack(transceiver);
    }

    // ---- routing ----

    /** Sends this link what the route plan names for it; see {@link SendControl#follow}. */
    public void follow(Set<String> inputs) {
        sender.follow(inputs);
    }

    public boolean sending() {
        return sender.sending();
    }

    @Override
    public boolean carriesOnlyItsOwnVoice() {
        ControlChannel c = channels.control();
        return c == null || c.remoteMixCarriesOnly(remotePeer);
    }

    /** How loud each voice in the peer's mix to us was lately, as it said (empty for no mix). */
    public Map<String, Double> remoteMixLevels() {
        ControlChannel c = channels.control();
        return c == null ? Map.of() : c.remoteMixLevels();
    }

    /** Tells the peer how loud each voice in our mix to it was lately. */
    public void sendMixLevels(Map<String, Double> levels) {
        ControlChannel c = channels.control();
        if (c != null) {
            c.sendMixLevels(levels);
        }
    }

    /** Tells the peer what a composite we send it shows. */
    public void sendComposite(CompositeContents contents) {
        ControlChannel c = channels.control();
        if (c != null) {
            c.sendComposite(contents);
        }
    }

    @Override
    public Optional<CompositeContents> composite(long stampMillis) {
        ControlChannel c = channels.control();
        return c == null ? Optional.empty() : c.remoteComposite(stampMillis);
    }

    /** Whose voices the peer says its audio to us carries (empty before it said). */
    public Set<String> remoteMixOrigins() {
        ControlChannel c = channels.control();
        return c == null ? Set.of() : c.remoteMixOrigins();
    }

    /** Whether the peer's audio to us may carry {@code origin}'s voice, as it announced (false before it did). */
    public boolean remoteMixCarries(String origin) {
        ControlChannel c = channels.control();
        return c != null && c.remoteMixCarries(origin);
    }

    // ---- timing, stats, probe ----

    @Override
    public Optional<ClockOffset> clockOffset() {
        ControlChannel c = channels.control();
        return c == null ? Optional.empty() : c.clockOffset();
    }

    @Override
    public boolean steady() {
        return link.steady();
    }

    @Override
    public OptionalInt markerSlot() {
        ControlChannel c = channels.control();
        return c == null ? OptionalInt.empty() : c.remoteMarkerSlot();
    }

    @Override
    public Optional<MarkerSchedule> markerSchedule() {
        ControlChannel c = channels.control();
        return c == null ? Optional.empty() : c.remoteSchedule();
    }

    /** Called about once a second by the engine: refreshes metrics and sends a time probe. */
    public void poll() {
        serial.execute(this::restartIceIfDue);
        stats.poll();
    }

    public CompletableFuture<Double> probe() {
        return probe.run();
    }

    public ControlChannel control() {
        return channels.control();
    }

    /** This link's file channel, once the link is open (open or not). */
    public Optional<FileChannel> files() {
        return channels.files();
    }

    public ReceiveStats received() {
        return received;
    }

    public LinkSnapshot snapshot() {
        ControlChannel c = channels.control();
        boolean reconnecting = reconnection.reconnecting(System.currentTimeMillis());
        return new LinkSnapshot(
                remotePeer,
                reconnecting ? "reconnecting" : link.state().name().toLowerCase(),
                link.connectMillis(),
                received.videoFrames.get(),
                received.screenFrames.get(),
                received.stampsDecoded.get(),
                received.videoLatency.summary(),
                received.audioChunks.get(),
                received.markersDetected.get(),
                received.audioLatency.summary(),
                clockOffset().orElse(null),
                probe.lastMbps(),
                stats.latest(),
                c == null ? 0 : c.malformed.get() + c.oversized.get(),
                sender.sending(),
                received.markersRelayed.get(),
                received.picturesRelayed.get(),
                received.markersOwn.get(),
                received.markersMisread.get(),
                received.audioGaps.since(0),
                received.audioGaps.lastHeardMillis(),
                stats.icePath(),
                reconnection.summary(),
                audioPackets());
    }

    private Optional<PlayoutSummary> audioPackets() {
        AudioChannel audio = channels.audio();
        return audio == null || !receivesAudioPackets
                ? Optional.empty()
                : Optional.of(audio.inbound().summary(audio.malformed.get()));
    }

    public List<LinkMetrics> latestMetrics() {
        return stats.latest();
    }

    public double probeMbps() {
        return probe.lastMbps();
    }
}
