package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.room.HostPort;
import dev.starling.node.testing.NodeProcess;
import dev.starling.node.view.ChromiumPng;
import dev.starling.node.view.NodeUrl;
import dev.starling.node.view.RemoteNode;
import dev.starling.node.view.SnapshotFormat;
import dev.starling.node.view.SnapshotWriter;
import dev.starling.node.view.ViewProxy;
import dev.starling.visualizer.browser.CdpClient;
import dev.starling.visualizer.browser.Chromium;
import dev.starling.visualizer.web.WebAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view of a real three-process room, in headless Chromium: every peer by name and the
 * leader are drawn, and a peer killed with SIGKILL disappears from the page without a reload,
 * both on the node's own page and through {@code starling view}'s proxy (which also writes a PNG).
 * Skipped where Debian's chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopologyViewIT {
    private static final String ROOM = "view-it-room";
    private static final String PASSWORD = "view it password, long enough";
    private static final int ROOM_PORT = 17_700;
    private static final int HTTP_PORT = 18_700;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    private NodeProcess node(int index) {
        return new NodeProcess("viewer" + index, "127.0.0." + (80 + index), ROOM_PORT, HTTP_PORT, workDir);
    }

    @BeforeAll
    void startRoom() throws Exception {
        assumeTrue(Files.isExecutable(Chromium.BINARY), "no /usr/bin/chromium");
        NodeProcess first = node(1).start(ROOM, PASSWORD, List.of());
        nodes.add(first);
        awaitMembers(List.of(first), 1, Duration.ofSeconds(60));
        for (int i = 2; i <= 3; i++) {
            nodes.add(node(i).start(ROOM, PASSWORD, List.of(first)));
        }
        awaitMembers(nodes, 3, Duration.ofSeconds(90));
    }

    @AfterAll
    void stopRoom() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void viewShowsEveryPeerAndTheLeaderAndDropsAKilledPeerLive() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "browser"));
        // Watch from a node that will survive; the leader is whoever the room says it is.
        NodeProcess watched = nodes.get(0);
        String leaderId = watched.get("/api/room").path("leader").asText();
        NodeProcess victim = null;
        for (NodeProcess n : nodes.subList(1, nodes.size())) {
            if (!n.peerId().equals(leaderId)) {
                victim = n;
            }
        }
        assertThat(victim).as("a non-leader other than the watched node").isNotNull();
        String victimId = victim.peerId();

        RemoteNode remote = new RemoteNode(
                NodeUrl.parse("http://" + watched.host + ":" + watched.httpPort), RemoteNode.defaultClient());
        try (Chromium chromium = new Chromium(out.resolve("topology-view-it-chromium.log"));
                CdpClient cdp = new CdpClient(chromium.devtools());
                ViewProxy proxy = new ViewProxy(remote, new WebAssets(), new HostPort("127.0.0.1", 0)).start()) {
            String page = cdp.openPage("http://" + watched.host + ":" + watched.httpPort + "/");
            long openedAt = System.nanoTime();

            // Names arrive with hellos shortly after the membership view, so wait for all three.
            JsonNode names = cdp.waitFor(
                    page,
                    "window.starling ? window.starling.ready.then(() => starling.cy.nodes().map(n => n.data('name')).sort()) : []",
                    v -> v.size() == 3 && v.toString().equals("[\"viewer1\",\"viewer2\",\"viewer3\"]"),
                    Duration.ofSeconds(30));
            long drawnMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);
            assertThat(names.toString()).isEqualTo("[\"viewer1\",\"viewer2\",\"viewer3\"]");
            assertThat(cdp.eval(page, "starling.cy.nodes('[?leader]').map(n => n.id())")
                            .toString())
                    .isEqualTo(JSON.writeValueAsString(List.of(leaderId)));
            // Peers are keyed by id and labelled by display name.
            assertThat(cdp.eval(
                                    page,
                                    "starling.cy.getElementById(" + JSON.writeValueAsString(victimId)
                                            + ").data('name')")
                            .asText())
                    .isEqualTo(victim.name);
            cdp.waitFor(
                    page,
                    "document.getElementById('status').textContent",
                    v -> v.asText().equals("live"),
                    Duration.ofSeconds(10));
            Files.write(out.resolve("topology-view-3-nodes.png"), cdp.screenshot(page));

            // The same room through `starling view`'s proxy, in a second tab.
            String proxied = cdp.openPage("http://127.0.0.1:" + proxy.port() + "/");
            cdp.bringToFront(proxied);
            cdp.waitFor(
                    proxied,
                    "window.starling ? window.starling.ready.then(() => starling.cy.nodes().map(n => n.data('name')).sort()) : []",
                    v -> v.toString().equals(names.toString()),
                    Duration.ofSeconds(30));
            cdp.waitFor(
                    proxied,
                    "document.getElementById('status').textContent",
                    v -> v.asText().equals("live"),
                    Duration.ofSeconds(10));
            if (Files.isExecutable(ChromiumPng.DEFAULT_BINARY)) {
                Path png = out.resolve("topology-view-snapshot.png");
                new SnapshotWriter(remote, new ChromiumPng(ChromiumPng.DEFAULT_BINARY)).write(png, SnapshotFormat.PNG);
                assertThat(Files.size(png)).isPositive();
            }

            cdp.bringToFront(page);
            victim.kill();
            long killedAt = System.nanoTime();
            JsonNode remaining = cdp.waitFor(
                    page,
                    "starling.cy.nodes().map(n => n.data('name')).sort()",
                    v -> v.size() == 2,
                    Duration.ofSeconds(30));
            long droppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            List<String> expected = new ArrayList<>(List.of("viewer1", "viewer2", "viewer3"));
            expected.remove(victim.name);
            assertThat(remaining.toString()).isEqualTo(JSON.writeValueAsString(expected));
            assertThat(cdp.eval(page, "starling.cy.getElementById(" + JSON.writeValueAsString(victimId) + ").empty()")
                            .asBoolean())
                    .isTrue();
            assertThat(cdp.eval(page, "starling.cy.nodes('[?leader]').map(n => n.id())")
                            .toString())
                    .as("the leader survives a non-leader crash")
                    .isEqualTo(JSON.writeValueAsString(List.of(leaderId)));
            Thread.sleep(600); // let the relayout animation settle so the picture is readable
            Files.write(out.resolve("topology-view-after-kill.png"), cdp.screenshot(page));

            // The page served by the proxy sees the crash too, through the relayed event stream.
            cdp.bringToFront(proxied);
            cdp.waitFor(
                    proxied,
                    "starling.cy.nodes().map(n => n.data('name')).sort()",
                    v -> v.toString().equals(remaining.toString()),
                    Duration.ofSeconds(30));
            Thread.sleep(600);
            Files.write(out.resolve("topology-view-proxied-after-kill.png"), cdp.screenshot(proxied));

            // Figures for the report, not bounds: a loaded CI box would make them flaky.
            System.out.printf(
                    "topology view IT: graph drawn %d ms after opening, killed peer dropped %d ms after kill -9%n",
                    drawnMillis, droppedMillis);
        }
    }

    private static void awaitMembers(List<NodeProcess> group, int count, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> group.stream().allMatch(node -> {
                    JsonNode room = node.roomOrNull();
                    return room != null && room.path("members").size() == count;
                }));
    }
}
