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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Media through a real TURN server: two lab nodes that may only use relay candidates (as nodes
 * behind symmetric NATs must) reach each other and a third, direct node through coturn, with
 * time-limited credentials derived from a shared secret; the lab report says relay at their ends.
 */
class TurnRelayIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void relayOnlyNodesExchangeMediaThroughCoturn() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the lab needs root to create network namespaces");
        assumeTrue(Files.isExecutable(Path.of(LabTurnServer.BINARY)), "no coturn (./starling test installs it)");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Lab lab = new Lab(
                        runner, 3, "synthetic", List.of("--video", "192x144@10"), new PrintStream(progress, true))
                .relayMediaThroughTurn(java.util.Set.of(1, 2))) {
            lab.start();
            assertThat(lab.awaitRoom(Duration.ofSeconds(120)))
                    .as(lab.logTails(20))
                    .isTrue();
            assertThat(lab.awaitMedia(Duration.ofSeconds(90)))
                    .as("markers and stamps both ways through the relay%n%s", lab.logTails(20))
                    .isTrue();
            java.util.Set<String> relayOnly = java.util.Set.of(
                    lab.get(1, "/api/room").path("self").path("id").asText(),
                    lab.get(2, "/api/room").path("self").path("id").asText());
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode pairs = lab.report(0).path("pairs");
                assertThat(pairs).hasSize(6);
                for (JsonNode pair : pairs) {
                    // A relay-only node's end of every pair is its relay; node 3's own end is direct.
                    JsonNode ice = pair.path("ice");
                    boolean localRelayed = relayOnly.contains(pair.path("to").asText());
                    boolean remoteRelayed = relayOnly.contains(pair.path("from").asText());
                    assertThat(ice.path("local").asText())
                            .as("ice of %s", pair)
                            .isEqualTo(localRelayed ? "relay" : "host");
                    if (remoteRelayed) {
                        assertThat(ice.path("remote").asText())
                                .as("ice of %s", pair)
                                .isEqualTo("relay");
                    }
                    assertThat(pair.path("audio").path("samples").asLong()).isPositive();
                }
            });
            // A node with a wrong secret hears at once that the server refused it, and stops.
            ProcessBuilder wrongSecret = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.starling.node.cli.StarlingCommand",
                            "join",
                            "--room",
                            "turn-check",
                            "--password-env",
                            "IT_PASSWORD",
                            "--media",
                            "synthetic",
                            "--turn",
                            lab.turnUrl().orElseThrow(),
                            "--turn-username",
                            "lab",
                            "--turn-secret-env",
                            "IT_WRONG_SECRET")
                    .redirectErrorStream(true);
            wrongSecret.environment().put("IT_PASSWORD", "a long enough room password");
            wrongSecret.environment().put("IT_WRONG_SECRET", "not the lab's secret");
            Process refused = wrongSecret.start();
            boolean ended = refused.waitFor(40, java.util.concurrent.TimeUnit.SECONDS);
            if (!ended) {
                refused.destroyForcibly();
            }
            assertThat(ended).as("a join with a wrong TURN secret ends").isTrue();
            String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.exitValue()).as(said).isEqualTo(1);
            assertThat(said).contains("refused the credentials");

            // The secret is in the nodes' environment and a 0600 file, never on a command line.
            assertThat(commandLines())
                    .anyMatch(line -> line.contains("--turn-secret-env"))
                    .noneMatch(line -> line.contains("static-auth-secret"));
        }
        assertThat(runner.run(List.of("pgrep", "-f", "turnserver -c /tmp/starling-lab-"), Duration.ofSeconds(5))
                        .ok())
                .as("coturn stopped with the lab")
                .isFalse();
    }

    /** Every process's full command line, read from /proc (ps may cut the nodes' long class path). */
    private static List<String> commandLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    lines.add(new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' '));
                } catch (IOException exited) {
                    // The process ended while we listed them.
                }
            }
        }
        return lines;
    }
}
