package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.Lab;
import dev.starling.chaos.lab.LabTurnServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Media through a real TURN server: a lab node that may only use relay candidates (as one behind a
 * symmetric NAT must) reaches another through coturn, with time-limited credentials derived from
 * a shared secret, and the lab report says relay at its end of both pairs.
 */
class TurnRelayIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void twoNodesExchangeMediaThroughCoturnOnly() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the lab needs root to create network namespaces");
        assumeTrue(Files.isExecutable(Path.of(LabTurnServer.BINARY)), "no coturn (./starling test installs it)");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Lab lab = new Lab(
                        runner, 2, "synthetic", List.of("--video", "192x144@10"), new PrintStream(progress, true))
                .relayMediaThroughTurn(java.util.Set.of(1))) {
            lab.start();
            assertThat(lab.awaitRoom(Duration.ofSeconds(120)))
                    .as(lab.logTails(20))
                    .isTrue();
            assertThat(lab.awaitMedia(Duration.ofSeconds(90)))
                    .as("markers and stamps both ways through the relay%n%s", lab.logTails(20))
                    .isTrue();
            String relayed = lab.get(1, "/api/room").path("self").path("id").asText();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode pairs = lab.report(0).path("pairs");
                assertThat(pairs).hasSize(2);
                for (JsonNode pair : pairs) {
                    // Node 1 sees its own end as relay; node 2 sees node 1's end as relay.
                    String end = pair.path("to").asText().equals(relayed) ? "local" : "remote";
                    assertThat(pair.path("ice").path(end).asText())
                            .as("ice of %s", pair)
                            .isEqualTo("relay");
                    assertThat(pair.path("audio").path("samples").asLong()).isPositive();
                }
            });
            // The secret is in the nodes' environment and a 0600 file, never on a command line.
            String processes = runner.run(List.of("ps", "-eo", "args"), Duration.ofSeconds(5))
                    .output();
            assertThat(processes).contains("--turn-secret-env").doesNotContain("static-auth-secret");
        }
        assertThat(runner.run(List.of("pgrep", "-f", "turnserver -c /tmp/starling-lab-"), Duration.ofSeconds(5))
                        .ok())
                .as("coturn stopped with the lab")
                .isFalse();
    }
}
