package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.ElectionProbeResponse;
import dev.starling.protocol.v1.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ElectionProbesTest {

    private final ServiceRoom.MutableClock clock = new ServiceRoom.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Envelope> sent = new ArrayList<>();
    private boolean reachable = true;

    private final ElectionTransport transport = new ElectionTransport() {
        @Override
        public void broadcast(Envelope.Builder body) {
            throw new AssertionError("probes are unicast");
        }

        @Override
        public boolean sendTo(String peer, Envelope.Builder body) {
            if (reachable) {
                sent.add(body.setSender("a")
                        .setSentAtMicros(clock.millis() * 1_000)
                        .build());
            }
            return reachable;
        }
    };

    private ElectionProbes probes(Function<String, CompletableFuture<Double>> media) {
        return new ElectionProbes(
                "a",
                new ElectionWire("a", transport),
                media,
                Duration.ofSeconds(2),
                clock,
                new ElectionLoop(Runnable::run));
    }

    @Test
    void withoutMediaTheTwoMebibytesGoOverTheRoomInFourChunksAndTheProberTimesThem() {
        ElectionProbes p = probes(null);
        p.probe("b", 1);
        assertThat(sent).hasSize(4).allSatisfy(e -> {
            assertThat(e.getElectionProbe().getPayload().size()).isEqualTo(ElectionProbes.PROBE_CHUNK_BYTES);
            assertThat(e.getElectionProbe().getOrigin()).isEqualTo("a");
            assertThat(e.getElectionProbe().getNumber()).isEqualTo(1);
        });
        clock.advance(Duration.ofMillis(100));
        var event = p.responseReceived(response("b", 1, 5)).orElseThrow();
        // 2 MiB in 100 ms.
        assertThat(event.speedMbps()).isCloseTo(167.77, Offset.offset(0.01));
        assertThat(event.avgEncodeMs()).isEqualTo(5);
        assertThat(p.responseReceived(response("b", 1, 5))).as("answered once").isEmpty();
        assertThat(p.responseReceived(response("c", 1, 5))).as("never probed").isEmpty();
    }

    @Test
    void aRecentMeasurementIsReusedAndOnlyTheEncodeTimeAskedFor() {
        ElectionProbes p = probes(null);
        p.probe("b", 1);
        clock.advance(Duration.ofMillis(100));
        double first = p.responseReceived(response("b", 1, 5)).orElseThrow().speedMbps();
        sent.clear();

        clock.advance(Duration.ofSeconds(10));
        p.probe("b", 2);
        assertThat(sent)
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getElectionProbe().getPayload().isEmpty()).isTrue());
        assertThat(p.responseReceived(response("b", 2, 5)).orElseThrow().speedMbps())
                .isEqualTo(first);
    }

    @Test
    void aMediaFigureIsScoredAndAFailedMediaProbeScoresNothingWithoutTouchingTheRoom() {
        ElectionProbes p = probes(peer -> peer.equals("b")
                ? CompletableFuture.completedFuture(80.0)
                : CompletableFuture.failedFuture(new IllegalStateException("no channel")));
        p.probe("b", 1);
        assertThat(sent)
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getElectionProbe().getPayload().isEmpty()).isTrue());
        assertThat(p.responseReceived(response("b", 1, 5)).orElseThrow().speedMbps())
                .isEqualTo(80.0);

        sent.clear();
        p.probe("c", 1);
        assertThat(sent)
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getElectionProbe().getPayload().isEmpty()).isTrue());
        assertThat(p.responseReceived(response("c", 1, 5)).orElseThrow().speedMbps())
                .isZero();
    }

    @Test
    void aRoomProbeStopsAtThePeerThatLeftTheView() {
        reachable = false;
        probes(null).probe("b", 1);
        assertThat(sent).isEmpty();
    }

    @Test
    void theProbedSideAnswersOnceTheWholeProbeIsIn() {
        ElectionProbes prober = probes(null);
        prober.probe("b", 3);
        ElectionProbes probed = probes(null);
        clock.advance(Duration.ofMillis(8));
        for (int i = 0; i < 3; i++) {
            assertThat(probed.chunkReceived(sent.get(i))).isEmpty();
        }
        var event = probed.chunkReceived(sent.get(3)).orElseThrow();
        assertThat(event.from()).isEqualTo("a");
        assertThat(event.number()).isEqualTo(3);
        assertThat(event.measuredMbps()).as("2 MiB in 8 ms across the clocks").isCloseTo(2097.15, Offset.offset(0.01));

        Envelope empty = Envelope.newBuilder()
                .setSender("a")
                .setElectionProbe(ElectionMessages.toProto(new ElectionAction.SendProbe("b", 4), "a", ByteString.EMPTY))
                .build();
        assertThat(probed.chunkReceived(empty))
                .as("answered at once")
                .hasValueSatisfying(e -> assertThat(e.measuredMbps()).isZero());
    }

    private static Envelope response(String from, long number, double encodeMs) {
        return Envelope.newBuilder()
                .setSender(from)
                .setElectionProbeResponse(ElectionProbeResponse.newBuilder()
                        .setNumber(number)
                        .setOrigin(from)
                        .setAvgEncodeMsPerFrame(encodeMs))
                .build();
    }
}
