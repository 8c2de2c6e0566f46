package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.metrics.MetricsGossip;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MetricsReport;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsFeedTest {

    private final Map<String, MetricsGossip.Received> gossip = new HashMap<>();
    private final MetricsFeed feed = new MetricsFeed(() -> Map.copyOf(gossip));

    @Test
    void onlyReportsNewSinceTheLastLookReachTheElection() {
        report("a", 1000, 300, 2);
        report("b", 1000, 500, 4);
        assertThat(feed.newReports())
                .extracting(ElectionEvent.MetricsUpdated::peer)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(feed.newReports()).as("nothing new").isEmpty();

        report("a", 2000, 100, 2);
        assertThat(feed.newReports()).singleElement().satisfies(m -> {
            assertThat(m.peer()).isEqualTo("a");
            assertThat(m.reportCount()).isEqualTo(2);
            assertThat(m.avgBitrateKbps()).isEqualTo(200);
        });
        feed.retain(Set.of("b"));
        assertThat(feed.current("a")).isEmpty();
        assertThat(feed.current("b")).isPresent();
    }

    @Test
    void roundTripTimesLeaveOutUnmeasuredLinks() {
        gossip.put(
                "a",
                new MetricsGossip.Received(
                        MetricsReport.newBuilder()
                                .addLinks(LinkMetrics.newBuilder()
                                        .setRemotePeer("b")
                                        .setRttMs(40))
                                .addLinks(LinkMetrics.newBuilder()
                                        .setRemotePeer("c")
                                        .setRttMs(0))
                                .addLinks(LinkMetrics.newBuilder()
                                        .setRemotePeer("d")
                                        .setRttMs(Double.NaN))
                                .addLinks(LinkMetrics.newBuilder().setRttMs(25))
                                .build(),
                        1000));
        RttMatrix rtt = feed.rtt();
        assertThat(rtt.rtt("b", "a")).hasValue(40);
        assertThat(rtt.rtt("a", "c")).isEmpty();
        assertThat(rtt.rtt("a", "d")).isEmpty();
        assertThat(rtt.rtt("a", "")).isEmpty();
    }

    @Test
    void reportsAndFreshScoresCoverOnlyTheMembersAsked() {
        report("a", 1000, 300, 2);
        report("b", 1000, 600, 4);
        report("gone", 1000, 900, 1);
        feed.newReports();
        assertThat(feed.reportsOf(Set.of("a", "b"))).containsOnlyKeys("a", "b");

        ScoringPolicy policy = ScoringPolicy.forName("balanced", ScoringWeights.EQUAL);
        Map<String, Double> scores = feed.freshScores(
                Set.of("a", "b", "silent"), Map.of("a", new PeerCapability("a", 300, 2, 50, 1)), policy);
        assertThat(scores).containsOnlyKeys("a", "b");
        assertThat(scores.get("a"))
                .as("a's throughput was measured, b's was not")
                .isGreaterThan(scores.get("b"));
    }

    private void report(String peer, long at, double kbps, double encodeMs) {
        gossip.put(
                peer,
                new MetricsGossip.Received(
                        MetricsReport.newBuilder()
                                .setAvgOutboundVideoKbps(kbps)
                                .setAvgEncodeMsPerFrame(encodeMs)
                                .build(),
                        at));
    }
}
