package dev.starling.node.media.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.starling.protocol.v1.LinkMetrics;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkStatsMapperTest {
    private static List<StatsEntry> snapshot(
            long tMicros,
            long bytesSent,
            long framesEncoded,
            double encodeSeconds,
            long bytesReceived,
            double jbDelay,
            long jbEmitted) {
        return List.of(
                new StatsEntry(
                        "outbound-rtp",
                        "OV",
                        tMicros,
                        Map.of(
                                "kind",
                                "video",
                                "bytesSent",
                                BigInteger.valueOf(bytesSent),
                                "framesEncoded",
                                framesEncoded,
                                "totalEncodeTime",
                                encodeSeconds,
                                "qualityLimitationReason",
                                "none")),
                new StatsEntry("remote-inbound-rtp", "RV", tMicros, Map.of("kind", "video", "roundTripTime", 0.004)),
                new StatsEntry(
                        "inbound-rtp",
                        "IA",
                        tMicros,
                        Map.of(
                                "kind",
                                "audio",
                                "bytesReceived",
                                BigInteger.valueOf(bytesReceived),
                                "packetsLost",
                                3,
                                "jitter",
                                0.002,
                                "jitterBufferDelay",
                                jbDelay,
                                "jitterBufferEmittedCount",
                                BigInteger.valueOf(jbEmitted),
                                "concealedSamples",
                                BigInteger.valueOf(480))),
                new StatsEntry(
                        "candidate-pair",
                        "CP",
                        tMicros,
                        Map.of("state", "succeeded", "nominated", true, "currentRoundTripTime", 0.001)),
                new StatsEntry("codec", "C", tMicros, Map.of("mimeType", "video/VP8")));
    }

    @Test
    void computesRatesAndPerFrameFiguresFromDeltas() {
        LinkStatsMapper mapper = new LinkStatsMapper("peer-b");
        // jitterBufferDelay is summed over emitted samples: 48 000 samples at 30 ms add 1 440 s.
        List<LinkMetrics> first = mapper.map(snapshot(1_000_000, 10_000, 10, 0.02, 4_000, 1.0, 48_000));
        assertThat(first).hasSize(2);
        assertThat(first).allMatch(m -> m.getBitrateKbps() == 0.0); // no previous snapshot yet

        List<LinkMetrics> second = mapper.map(snapshot(2_000_000, 135_000, 25, 0.05, 8_000, 1_441.0, 96_000));
        LinkMetrics video = second.stream()
                .filter(m -> m.getDirection().equals("outbound"))
                .findFirst()
                .orElseThrow();
        assertThat(video.getRemotePeer()).isEqualTo("peer-b");
        assertThat(video.getKind()).isEqualTo("video");
        assertThat(video.getBitrateKbps()).isCloseTo(1000.0, offset(1e-9));
        assertThat(video.getFramesEncoded()).isEqualTo(25);
        assertThat(video.getEncodeMsPerFrame()).isCloseTo(2.0, offset(1e-9));
        assertThat(video.getRttMs()).isCloseTo(4.0, offset(1e-9));
        assertThat(video.getQualityLimitation()).isEqualTo("none");

        LinkMetrics audio = second.stream()
                .filter(m -> m.getDirection().equals("inbound"))
                .findFirst()
                .orElseThrow();
        assertThat(audio.getKind()).isEqualTo("audio");
        assertThat(audio.getBitrateKbps()).isCloseTo(32.0, offset(1e-9));
        assertThat(audio.getJitterMs()).isCloseTo(2.0, offset(1e-9));
        assertThat(audio.getJitterBufferDelayMs()).isCloseTo(30.0, offset(1e-9));
        assertThat(audio.getPacketsLost()).isEqualTo(3);
        assertThat(audio.getConcealedSamples()).isEqualTo(480);
        assertThat(audio.getRttMs()).isCloseTo(1.0, offset(1e-9));
    }

    @Test
    void toleratesMissingAndOddlyTypedValues() {
        LinkStatsMapper mapper = new LinkStatsMapper("p");
        List<LinkMetrics> out = mapper.map(
                List.of(new StatsEntry("inbound-rtp", "X", 1, Map.of("kind", "video", "jitter", "not a number"))));
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.getJitterMs()).isZero();
            assertThat(m.getFramesDecoded()).isZero();
        });
    }

    @Test
    void screenStreamsAreReportedApartSoVideoStaysTheCamera() {
        LinkStatsMapper mapper = new LinkStatsMapper("p");
        List<LinkMetrics> out = mapper.map(
                List.of(
                        new StatsEntry(
                                "media-source", "S-cam", 1, Map.of("kind", "video", "trackIdentifier", "video-me")),
                        new StatsEntry(
                                "media-source", "S-scr", 1, Map.of("kind", "video", "trackIdentifier", "screen-me")),
                        new StatsEntry(
                                "outbound-rtp",
                                "O1",
                                1,
                                Map.of("kind", "video", "mediaSourceId", "S-cam", "framesEncoded", 30)),
                        new StatsEntry(
                                "outbound-rtp",
                                "O2",
                                1,
                                Map.of("kind", "video", "mediaSourceId", "S-scr", "framesEncoded", 5)),
                        new StatsEntry(
                                "remote-inbound-rtp",
                                "R1",
                                1,
                                Map.of("kind", "video", "localId", "O1", "roundTripTime", 0.010)),
                        new StatsEntry(
                                "remote-inbound-rtp",
                                "R2",
                                1,
                                Map.of("kind", "video", "localId", "O2", "roundTripTime", 0.030)),
                        new StatsEntry(
                                "inbound-rtp",
                                "I1",
                                1,
                                Map.of("kind", "video", "trackIdentifier", "remote-cam", "framesDecoded", 29)),
                        new StatsEntry(
                                "inbound-rtp",
                                "I2",
                                1,
                                Map.of("kind", "video", "trackIdentifier", "remote-scr", "framesDecoded", 4))),
                java.util.Set.of("screen-me", "remote-scr"));
        assertThat(out)
                .extracting(m -> m.getDirection() + "-" + m.getKind())
                .containsExactlyInAnyOrder("outbound-video", "outbound-screen", "inbound-video", "inbound-screen");
        assertThat(out)
                .filteredOn(m -> m.getKind().equals("video"))
                .extracting(m -> m.getFramesEncoded() + m.getFramesDecoded())
                .containsExactlyInAnyOrder(30L, 29L);
        assertThat(out)
                .filteredOn(m -> m.getDirection().equals("outbound"))
                .extracting(m -> m.getKind() + " " + m.getRttMs())
                .containsExactlyInAnyOrder("video 10.0", "screen 30.0");
    }
}
