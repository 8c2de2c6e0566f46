package dev.starling.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.LinkPath;
import dev.starling.protocol.v1.MetricsReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportedLinksTest {

    @Test
    void inboundFiguresAndThePathBecomeOneLinkPerSender() {
        MetricsReport report = MetricsReport.newBuilder()
                .addLinks(inbound("a", "audio", 40))
                .addLinks(inbound("a", "video", 300).toBuilder().setRttMs(31).setLatencyP50Ms(44))
                .addLinks(LinkMetrics.newBuilder()
                        .setRemotePeer("a")
                        .setDirection("outbound")
                        .setKind("video")
                        .setBitrateKbps(999))
                .addPaths(LinkPath.newBuilder()
                        .setRemotePeer("a")
                        .setState("connected")
                        .setLocalCandidate("srflx")
                        .setRemoteCandidate("relay")
                        .setProtocol("udp"))
                .build();

        List<Map<String, Object>> links = ReportedLinks.linkStats("me", report);

        assertThat(links).singleElement().satisfies(link -> {
            assertThat(link).containsEntry("from", "a").containsEntry("to", "me");
            assertThat(link).containsEntry("bitrateKbps", 340.0).containsEntry("rttMs", 31.0);
            assertThat(link).containsEntry("latencyP50Ms", 44.0);
            assertThat(link.get("path"))
                    .as("the reporter receives, so its remote candidate is the sender's end")
                    .isEqualTo(Map.of("from", "relay", "to", "srflx", "protocol", "udp", "state", "connected"));
        });
    }

    @Test
    void aLinkWithAPathButNoMediaYetIsReportedSoTheViewCanDrawItReconnecting() {
        MetricsReport report = MetricsReport.newBuilder()
                .addPaths(LinkPath.newBuilder().setRemotePeer("b").setState("reconnecting"))
                .build();

        assertThat(ReportedLinks.linkStats("me", report)).singleElement().satisfies(link -> {
            assertThat(link).containsEntry("bitrateKbps", 0.0).doesNotContainKey("rttMs");
            assertThat(link.get("path"))
                    .isEqualTo(Map.of("from", "", "to", "", "protocol", "", "state", "reconnecting"));
        });
    }

    @Test
    void wordsAHostilePeerMadeUpAndNonFiniteFiguresAreNotPassedOn() {
        MetricsReport report = MetricsReport.newBuilder()
                .addLinks(inbound("c", "video", Double.NaN).toBuilder().setJitterMs(Double.POSITIVE_INFINITY))
                .addPaths(LinkPath.newBuilder()
                        .setRemotePeer("c")
                        .setState("<script>")
                        .setLocalCandidate("wormhole")
                        .setRemoteCandidate("host")
                        .setProtocol("sctp"))
                .addPaths(LinkPath.newBuilder().setRemotePeer("").setState("connected"))
                .build();

        assertThat(ReportedLinks.linkStats("me", report)).singleElement().satisfies(link -> {
            assertThat(link).containsEntry("from", "c").containsEntry("bitrateKbps", 0.0);
            assertThat(link).containsEntry("jitterMs", 0.0);
            assertThat(link.get("path")).isEqualTo(Map.of("from", "host", "to", "", "protocol", "", "state", ""));
        });
    }

    private static LinkMetrics inbound(String from, String kind, double kbps) {
        return LinkMetrics.newBuilder()
                .setRemotePeer(from)
                .setDirection("inbound")
                .setKind(kind)
                .setBitrateKbps(kbps)
                .build();
    }
}
