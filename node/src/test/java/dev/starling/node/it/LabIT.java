package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three real nodes with synthetic WebRTC media, each in its own network namespace: every node
 * receives audio markers and video stamps from both others, stats flow, the probe measures a
 * throughput, and a node that leaves tears its links down on the others and exits cleanly.
 */
class LabIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void threeNodesExchangeMediaAndLeaveCleanly() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the lab needs root to create network namespaces");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        String labId;
        try (Lab lab = new Lab(runner, 3, "synthetic", new PrintStream(progress, true))) {
            lab.start();
            assertThat(lab.awaitRoom(Duration.ofSeconds(120)))
                    .as(lab.logTails(20))
                    .isTrue();
            assertThat(lab.awaitMedia(Duration.ofSeconds(90)))
                    .as("every node decodes markers and stamps from both others%n%s", lab.logTails(20))
                    .isTrue();
            labId = lab.report(0).path("lab").path("id").asText();

            for (int i = 1; i <= 3; i++) {
                JsonNode media = lab.get(i, "/api/media");
                assertThat(media.path("links")).hasSize(2);
                for (JsonNode link : media.path("links")) {
                    assertThat(link.path("stampsDecoded").asLong()).isPositive();
                    assertThat(link.path("markersDetected").asLong()).isPositive();
                    assertThat(link.path("stats").findValuesAsText("direction")).contains("outbound", "inbound");
                }
            }
            // One bridge, no NAT: every link's media flows directly, between host addresses, and the
            // report says so. The far end may read prflx: its check arrived before its signaled host
            // candidate did, so ICE learned the same address from the check.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (JsonNode pair : lab.report(0).path("pairs")) {
                    assertThat(pair.path("ice").path("local").asText())
                            .as("ice of %s", pair)
                            .isEqualTo("host");
                    assertThat(pair.path("ice").path("remote").asText())
                            .as("ice of %s", pair)
                            .isIn("host", "prflx");
                }
            });
            int node = 1;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode metrics = lab.get(node, "/api/metrics");
                assertThat(metrics.path("reports").size())
                        .as("gossiped reports from all three")
                        .isEqualTo(3);
                JsonNode own = metrics.path("reports").path(metrics.path("self").asText());
                assertThat(own.path("uploadKbps").asDouble()).isPositive();
            });

            JsonNode probe = lab.post(1, "/api/probe", Duration.ofSeconds(120));
            assertThat(probe).isNotNull();
            assertThat(probe.path("mbps").size()).isEqualTo(2);
            probe.path("mbps").forEach(mbps -> assertThat(mbps.asDouble()).isPositive());

            String leaving = lab.get(3, "/api/room").path("self").path("id").asText();
            // SIGTERM: the JVM reports 143 after running the shutdown hook; -1 would mean we had to kill it.
            assertThat(lab.stopNode(3))
                    .as("node 3 exits by itself after teardown")
                    .isEqualTo(143);
            assertThat(lab.logTails(5)).contains("left the room and released everything");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (int i = 1; i <= 2; i++) {
                    JsonNode links = lab.get(i, "/api/media").path("links");
                    assertThat(links.findValuesAsText("peer")).doesNotContain(leaving);
                }
            });
        }
        String namespaces = runner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5))
                .output();
        assertThat(namespaces).doesNotContain("stl-lab-" + labId);
    }
}
