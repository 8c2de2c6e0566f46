package dev.starling.node.media.data;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.routing.AnnouncedMix;
import dev.starling.node.timesync.ClockOffset;
import dev.starling.node.timesync.ClockOffsetEstimator;
import dev.starling.node.timesync.ClockSample;
import dev.starling.node.timesync.WallClock;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One link's data channel: announces this node's marker schedule, answers and sends NTP-style
 * time probes, and runs the throughput probe. {@code onMessage} runs on libwebrtc's network
 * thread with a buffer valid only during the call, so it decodes in place, never blocks, and
 * hands any reply to {@code sendExecutor}. Anything malformed or oversized is counted and dropped.
 */
public final class ControlChannel implements DataChannelPort.Handler {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    public static final int PROBE_BYTES = 2 * 1024 * 1024;
    private static final int PROBE_CHUNK = 16 * 1024;
    private static final int MAX_MESSAGE = 256 * 1024;
    private static final long PROBE_TIMEOUT_NANOS = 15_000_000_000L;
    /**
     * A probe sends for at most this long: on a 700 kbit/s link the seed's 2 MiB would take 24 s,
     * during which the link's media and the next probes wait.
     */
    static final long PROBE_WINDOW_NANOS = 2_000_000_000L;
    /** Probe bytes waiting in the channel's buffer, kept small so the probe ends soon after its window. */
    private static final long PROBE_BUFFERED = 64 * 1024;
    /** Replies (time responses, probe acks) allowed per second; bounds what a flooding peer can make us send. */
    private static final int REPLIES_PER_SECOND = 50;
    /**
     * How long an origin the peer stopped mixing into our link still counts as carried: longer
     * than its encoder, the path and our jitter buffer hold audio, even on a starved machine.
     */
    static final long MIX_HOLD_MILLIS = 2_000;
    /** A mixer reports its voices' levels every 50 ms; a report this old no longer describes the mix. */
    static final long LEVELS_FRESH_MILLIS = 500;

    private final String remotePeer;
    private final DataChannelPort channel;
    private final WallClock clock;
    private final Executor sendExecutor;
    private final ControlMessage.Hello hello;
    private final ClockOffsetEstimator offsets = new ClockOffsetEstimator();
    private final AnnouncedMix remoteMix = new AnnouncedMix(MIX_HOLD_MILLIS);
    private volatile ControlMessage.MixContents ownMix;
    private volatile ReportedLevels remoteLevels;
    private final RecentComposites remoteComposites = new RecentComposites();

    private volatile MarkerSchedule remoteSchedule;
    private volatile int remoteSlot = -1;
    private volatile boolean remoteWantsAudioPackets;
    private volatile Probe probe;
    private long receivingProbeId = -1;
    private long receivingProbeBytes;
    private long replyWindowStart;
    private int repliesInWindow;

    public final AtomicLong malformed = new AtomicLong();
    public final AtomicLong oversized = new AtomicLong();
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong repliesDropped = new AtomicLong();

    private record Probe(long id, long startNanos, CompletableFuture<Double> result) {}

    public ControlChannel(
            String remotePeer,
            RTCDataChannel channel,
            WallClock clock,
            Executor sendExecutor,
            ControlMessage.Hello hello) {
        this.remotePeer = remotePeer;
        this.clock = clock;
        this.sendExecutor = sendExecutor;
        this.hello = hello;
        this.channel = new DataChannelPort(remotePeer, channel, this);
    }

    /** The marker slot the peer announced, or empty before its hello. */
    public java.util.OptionalInt remoteMarkerSlot() {
        int slot = remoteSlot;
        return slot < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(slot);
    }

    /** Whether the peer's hello asked for our audio on the audio channel (false before its hello). */
    public boolean remoteWantsAudioPackets() {
        return remoteWantsAudioPackets;
    }

    public Optional<MarkerSchedule> remoteSchedule() {
        return Optional.ofNullable(remoteSchedule);
    }

    public Optional<ClockOffset> clockOffset() {
        return offsets.estimate();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void onStateChange(RTCDataChannelState state) {
        log.debug("data channel to {} is {}", remotePeer, state);
        if (state == RTCDataChannelState.OPEN) {
            sendExecutor.execute(() -> {
                send(ControlMessage.encode(hello));
                ControlMessage.MixContents mix = ownMix;
                if (mix != null) {
                    send(ControlMessage.encode(mix));
                }
                sendTimeRequest();
            });
        }
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        long t1 = clock.nowMicros();
        messages.incrementAndGet();
        ByteBuffer data = buffer.data;
        if (data == null || !buffer.binary) {
            malformed.incrementAndGet();
            return;
        }
        if (data.remaining() > MAX_MESSAGE) {
            oversized.incrementAndGet();
            return;
        }
        Optional<ControlMessage> decoded = ControlMessage.decode(data);
        if (decoded.isEmpty()) {
            malformed.incrementAndGet();
            return;
        }
        handle(decoded.get(), t1);
    }

    private void handle(ControlMessage m, long t1) {
        if (m instanceof ControlMessage.Hello h) {
            remoteSchedule = new MarkerSchedule(h.markerEpochMillis());
            remoteSlot = h.markerSlot();
            remoteWantsAudioPackets = h.audioPackets();
        } else if (m instanceof ControlMessage.MixContents c) {
            remoteMix.announce(c.origins(), (long) clock.nowMillis());
        } else if (m instanceof ControlMessage.MixLevels l) {
            remoteLevels = new ReportedLevels(l.levels(), clock.nowMillis());
        } else if (m instanceof ControlMessage.Composite c) {
            remoteComposites.announced(c.contents());
        } else if (m instanceof ControlMessage.TimeRequest r) {
            if (allowReply()) {
                sendExecutor.execute(() -> send(ControlMessage.encode(
                        new ControlMessage.TimeResponse(r.probe(), r.t0Micros(), t1, clock.nowMicros()))));
            }
        } else if (m instanceof ControlMessage.TimeResponse r) {
            // t3 is the arrival time; a forged response only lands in the window, and a forged low RTT
            // would need a t0 we sent, which it cannot know to better than our own send times.
            offsets.add(new ClockSample(r.t0Micros(), r.t1Micros(), r.t2Micros(), t1));
        } else if (m instanceof ControlMessage.ProbeData d) {
            synchronized (this) {
                if (d.probeId() != receivingProbeId) {
                    receivingProbeId = d.probeId();
                    receivingProbeBytes = 0;
                }
                receivingProbeBytes += d.payloadBytes();
            }
        } else if (m instanceof ControlMessage.ProbeEnd e) {
            long received;
            synchronized (this) {
                received = e.probeId() == receivingProbeId ? receivingProbeBytes : 0;
            }
            if (allowReply()) {
                sendExecutor.execute(
                        () -> send(ControlMessage.encode(new ControlMessage.ProbeAck(e.probeId(), received))));
            }
        } else if (m instanceof ControlMessage.ProbeAck a) {
            Probe p = probe;
            if (p != null && p.id() == a.probeId()) {
                double seconds = (System.nanoTime() - p.startNanos()) / 1e9;
                p.result().complete(a.bytesReceived() * 8 / seconds / 1e6);
            }
        }
    }

    private synchronized boolean allowReply() {
        long now = System.nanoTime();
        if (now - replyWindowStart > 1_000_000_000L) {
            replyWindowStart = now;
            repliesInWindow = 0;
        }
        if (repliesInWindow++ < REPLIES_PER_SECOND) {
            return true;
        }
        repliesDropped.incrementAndGet();
        return false;
    }

    public void sendTimeRequest() {
        if (isOpen()) {
            send(ControlMessage.encode(
                    new ControlMessage.TimeRequest(ThreadLocalRandom.current().nextLong(), clock.nowMicros())));
        }
    }

    /**
     * Sends {@link #PROBE_BYTES} (the seed's probe), or what the link takes in {@link
     * #PROBE_WINDOW_NANOS} if that is less, and completes with Mbit/s once the peer acknowledges
     * what it received: bytes delivered over the time until the acknowledgement. Blocks the calling
     * thread while it waits for the send buffer to drain, so call it off libwebrtc's threads.
     */
    public CompletableFuture<Double> runProbe() {
        CompletableFuture<Double> result = new CompletableFuture<>();
        if (!isOpen()) {
            result.completeExceptionally(new IllegalStateException("data channel to " + remotePeer + " is not open"));
            return result;
        }
        long id = ThreadLocalRandom.current().nextLong();
        long start = System.nanoTime();
        long windowEnd = start + PROBE_WINDOW_NANOS;
        probe = new Probe(id, start, result);
        try {
            ByteBuffer chunk = ControlMessage.encode(new ControlMessage.ProbeData(id, PROBE_CHUNK));
            int sent = 0;
            while (sent < PROBE_BYTES && channel.awaitBufferedBelow(PROBE_BUFFERED, windowEnd)) {
                if (!send(chunk.duplicate())) {
                    throw new IllegalStateException("send failed");
                }
                sent += PROBE_CHUNK;
            }
            if (sent == 0 || !send(ControlMessage.encode(new ControlMessage.ProbeEnd(id, sent)))) {
                throw new IllegalStateException("the data channel took no probe bytes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
        return result.orTimeout(PROBE_TIMEOUT_NANOS / 1_000_000, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Tells the peer which origins our audio on this link carries; repeated when the channel (re)opens. */
    public synchronized void announceMix(Set<String> origins) {
        if (origins.size() > ControlMessage.MAX_ORIGINS) {
            // Beyond what a mixer mixes (AudioBus takes 64 sources); the peer then guards nothing for us.
            log.warn("not announcing a mix of {} origins to {}", origins.size(), remotePeer);
            return;
        }
        ControlMessage.MixContents mix = new ControlMessage.MixContents(origins);
        if (mix.equals(ownMix)) {
            return;
        }
        ownMix = mix;
        if (isOpen()) {
            sendExecutor.execute(() -> send(ControlMessage.encode(mix)));
        }
    }

    /** Whether the peer's audio on this link is {@code origin}'s voice alone, as it last announced. */
    public boolean remoteMixCarriesOnly(String origin) {
        return remoteMix.carriesOnly(origin, (long) clock.nowMillis());
    }

    /** Whether the peer's audio on this link may carry {@code origin}'s voice, as it last announced. */
    public Set<String> remoteMixOrigins() {
        return remoteMix.origins();
    }

    public boolean remoteMixCarries(String origin) {
        return remoteMix.carries(origin, (long) clock.nowMillis());
    }

    /** Tells the peer how loud each voice in our mix to it was lately (see {@code VoiceLevels}). */
    public void sendMixLevels(java.util.Map<String, Double> levels) {
        if (isOpen() && levels.size() <= ControlMessage.MAX_ORIGINS) {
            ControlMessage.MixLevels message = new ControlMessage.MixLevels(levels);
            sendExecutor.execute(() -> send(ControlMessage.encode(message)));
        }
    }

    /**
     * How loud each voice in the peer's mix to us was, as it last said; empty when it said nothing
     * for {@value #LEVELS_FRESH_MILLIS} ms (its audio is not a mix, or no longer).
     */
    public java.util.Map<String, Double> remoteMixLevels() {
        ReportedLevels r = remoteLevels;
        return r != null && clock.nowMillis() - r.atMillis() < LEVELS_FRESH_MILLIS ? r.levels() : java.util.Map.of();
    }

    /** Tells the peer what a composite we send it shows; sent before the frame is encoded. */
    public void sendComposite(CompositeContents contents) {
        if (isOpen()) {
            ControlMessage.Composite message = new ControlMessage.Composite(contents);
            sendExecutor.execute(() -> send(ControlMessage.encode(message)));
        }
    }

    /** What the peer said its composite stamped {@code stampMillis} shows; empty for a picture that is not one. */
    public Optional<CompositeContents> remoteComposite(long stampMillis) {
        return remoteComposites.take(stampMillis);
    }

    private record ReportedLevels(java.util.Map<String, Double> levels, double atMillis) {}

    /** Sends an opaque message; used by robustness tests to play a misbehaving peer. */
    public boolean sendRaw(ByteBuffer data) {
        return send(data);
    }

    private boolean send(ByteBuffer data) {
        return channel.send(data);
    }

    /** Fails a running probe; the port unregisters before it frees the channel. */
    public void close() {
        if (!channel.close()) {
            return;
        }
        Probe p = probe;
        if (p != null) {
            p.result().completeExceptionally(new IllegalStateException("link closed"));
        }
    }
}
