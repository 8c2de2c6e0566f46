package dev.starling.node.election;

import com.google.protobuf.ByteString;
import dev.starling.node.election.ElectionEvent.ProbeReceived;
import dev.starling.node.election.ElectionEvent.ProbeResponseReceived;
import dev.starling.protocol.v1.ElectionProbe;
import dev.starling.protocol.v1.ElectionProbeResponse;
import dev.starling.protocol.v1.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both ends of the election's 2 MiB throughput probes. They are the only election traffic that is
 * not a single message: they may run over media, fall back to the room, arrive in chunks and be
 * reused, and none of that should show in the state machine, which only sees "probe this peer"
 * and, later, the speed the prober measured.
 *
 * <p>With media, the 2 MiB run over the WebRTC data channel ({@code mediaProbe}); the prober then
 * sends a zero-length {@code ElectionProbe} so that the peer answers with its encode time; a failed
 * data-channel probe scores 0 Mbit/s and asks the same. Without media the 2 MiB go over the room's
 * unicast in four chunks
 * (the room refuses frames above 1 MiB); the peer answers once the seed's 2 MiB are in, and the
 * prober times them until the answer. Either way the prober's own measurement is the speed it
 * scores (see {@link ProbeTracker}).
 */
final class ElectionProbes {
    private static final Logger log = LoggerFactory.getLogger(ElectionProbes.class);

    /** The seed's probe size. */
    static final int PROBE_BYTES = 2 * 1024 * 1024;
    /** The room refuses frames above 1 MiB; four chunks keep each well below that. */
    static final int PROBE_CHUNK_BYTES = 512 * 1024;
    /**
     * A probe result this young is reused instead of probing again. Long enough to span the
     * elections of a room that is still forming (one per join), short against a session.
     */
    static final Duration PROBE_REUSE = Duration.ofSeconds(30);

    private final ElectionWire wire;
    private final Function<String, CompletableFuture<Double>> mediaProbe;
    private final Duration timeout;
    private final Clock clock;
    private final ElectionLoop loop;
    private final ProbeTracker sent = new ProbeTracker();
    private final ProbeReceipts received = new ProbeReceipts();
    private final ByteString chunk;

    /**
     * @param mediaProbe the data-channel probe, or null when the node has no media
     * @param timeout how long the data-channel probe may take before it counts as failed
     */
    ElectionProbes(
            String self,
            ElectionWire wire,
            Function<String, CompletableFuture<Double>> mediaProbe,
            Duration timeout,
            Clock clock,
            ElectionLoop loop) {
        this.wire = wire;
        this.mediaProbe = mediaProbe;
        this.timeout = timeout;
        this.clock = clock;
        this.loop = loop;
        // Random bytes, so that no layer can compress the probe into a meaningless measurement.
        byte[] bytes = new byte[PROBE_CHUNK_BYTES];
        new Random(self.hashCode()).nextBytes(bytes);
        this.chunk = ByteString.copyFrom(bytes);
    }

    /** Measures the throughput to {@code peer} for election {@code number}; the answer comes as a message. */
    void probe(String peer, long number) {
        OptionalDouble recent = sent.recent(peer, clock.instant(), PROBE_REUSE);
        if (recent.isPresent()) {
            // Measured moments ago: ask only for the peer's encode time.
            sent.measured(peer, number, recent.getAsDouble());
            wire.sendProbe(peer, number, ByteString.EMPTY);
            return;
        }
        if (mediaProbe == null) {
            roomProbe(peer, number);
            return;
        }
        mediaProbe
                .apply(peer)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((mbps, error) -> loop.execute(() -> {
                    boolean measured = error == null && mbps != null && mbps > 0 && Double.isFinite(mbps);
                    if (!measured) {
                        // No second try over the room: its one TCP connection to a slow peer would
                        // queue heartbeats and views behind 2 MiB, and the room would split.
                        log.info(
                                "data-channel probe to {} failed ({}); no throughput points from this node",
                                peer,
                                error == null ? "no figure" : error.toString());
                    }
                    sent.measured(peer, number, measured ? mbps : 0);
                    wire.sendProbe(peer, number, ByteString.EMPTY);
                }));
    }

    private void roomProbe(String peer, long number) {
        sent.timed(peer, number, clock.instant(), PROBE_BYTES);
        for (int bytes = 0; bytes < PROBE_BYTES; bytes += PROBE_CHUNK_BYTES) {
            if (!wire.sendProbe(peer, number, chunk)) {
                return;
            }
        }
    }

    /** A probe chunk from a prober: the event to answer it once the whole probe is in. */
    Optional<ProbeReceived> chunkReceived(Envelope e) {
        ElectionProbe m = e.getElectionProbe();
        // The probe size is the seed's constant; an empty payload asks for an answer at once.
        long expected = m.getPayload().isEmpty() ? 0 : PROBE_BYTES;
        OptionalLong complete =
                received.chunk(e.getSender(), m.getNumber(), m.getPayload().size(), expected);
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        // Across two clocks this is only an estimate; the prober scores its own measurement.
        double mbps = 0;
        long sentMicros = e.getSentAtMicros();
        long nowMicros = clock.millis() * 1_000;
        if (complete.getAsLong() > 0 && sentMicros > 0 && nowMicros > sentMicros) {
            mbps = complete.getAsLong() * 8.0 / (nowMicros - sentMicros);
        }
        return Optional.of(new ProbeReceived(e.getSender(), m.getNumber(), mbps));
    }

    /** A peer's answer to this node's probe: the event carrying the speed this node measured, if it sent one. */
    Optional<ProbeResponseReceived> responseReceived(Envelope e) {
        ElectionProbeResponse m = e.getElectionProbeResponse();
        OptionalDouble speed = sent.answered(e.getSender(), m.getNumber(), clock.instant());
        return speed.isPresent()
                ? Optional.of(new ProbeResponseReceived(
                        e.getSender(), m.getNumber(), speed.getAsDouble(), m.getAvgEncodeMsPerFrame()))
                : Optional.empty();
    }

    /** Drops unanswered probes of elections older than {@code number}. */
    void forgetBefore(long number) {
        sent.forgetBefore(number);
    }
}
