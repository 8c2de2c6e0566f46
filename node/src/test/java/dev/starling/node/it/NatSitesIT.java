package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.Lab;
import dev.starling.chaos.lab.LabSite;
import dev.starling.chaos.lab.LabTurnServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three people at three sites (a public address, a cone NAT, a symmetric NAT) join one room by
 * one invite, through the lab's rendezvous and its STUN/TURN server. Every pair exchanges audio
 * and video; the symmetric site's links go through the relay, the cone site's link to the public
 * one does not. Then the cone site's uplink drops for 5 s, and later its public address changes:
 * each time the room keeps it and its media comes back without a rejoin.
 */
class NatSitesIT {
    private static final List<LabSite> SITES = List.of(LabSite.PUBLIC, LabSite.CONE, LabSite.SYMMETRIC);
    private static final int CONE = 2;
    private static final long CUT_MILLIS = 5_000;
    /** The synthetic voice's latency markers come this often (MarkerSchedule). */
    private static final double MARKER_PERIOD_MILLIS = 200;

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void threeSitesJoinByOneInviteAndEveryPairTalksOverThePathItsNatsAllow() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the lab needs root to create network namespaces");
        assumeTrue(Files.isExecutable(Path.of(LabTurnServer.BINARY)), "no coturn (./starling test installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "no nft (./starling test installs nftables)");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Lab lab = new Lab(
                        runner, 3, "synthetic", List.of("--video", "192x144@10"), new PrintStream(progress, true))
                .atSites(SITES)) {
            lab.start();
            assertThat(lab.awaitRoom(Duration.ofSeconds(120)))
                    .as(lab.logTails(20))
                    .isTrue();
            assertThat(lab.awaitMedia(Duration.ofSeconds(90)))
                    .as("markers and stamps on every pair%n%s", lab.logTails(20))
                    .isTrue();
            Map<String, LabSite> siteOf = new HashMap<>();
            for (int i = 1; i <= SITES.size(); i++) {
                siteOf.put(lab.get(i, "/api/room").path("self").path("id").asText(), SITES.get(i - 1));
            }

            // What ICE chose, as each end reports it in /api/media.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (int i = 1; i <= SITES.size(); i++) {
                    LabSite here = SITES.get(i - 1);
                    for (JsonNode link : lab.get(i, "/api/media").path("links")) {
                        LabSite there = siteOf.get(link.path("peer").asText());
                        JsonNode ice = link.path("ice");
                        List<String> ends = List.of(
                                ice.path("local").asText(), ice.path("remote").asText());
                        java.util.function.Supplier<String> what =
                                () -> here.label() + " -> " + there.label() + ": " + ice + "\n" + lab.logTails(30);
                        // The symmetric site's node sends through the relay only (docs/nat.md says why).
                        if (here == LabSite.SYMMETRIC || there == LabSite.SYMMETRIC) {
                            assertThat(ends).as(what).contains("relay");
                        } else {
                            assertThat(ends).as(what).doesNotContain("relay", "");
                        }
                        assertThat(link.path("state").asText()).as(what).isEqualTo("connected");
                    }
                }
            });
            System.out.println("sites: " + lab.report(0).path("pairs"));

            // The cone site's uplink drops for 5 s: the room keeps it, its peers show its link as
            // connected (libwebrtc has not noticed yet) or reconnecting, never gone; then its media
            // comes back without a rejoin.
            String cone = lab.get(CONE, "/api/room").path("self").path("id").asText();
            long cutAt = System.currentTimeMillis();
            lab.setUplink(CONE, false);
            java.util.Set<String> statesSeen = new java.util.TreeSet<>();
            while (System.currentTimeMillis() < cutAt + CUT_MILLIS) {
                statesSeen.add(linkState(lab, 1, cone));
                Thread.sleep(250);
            }
            lab.setUplink(CONE, true);
            long backAt = System.currentTimeMillis();
            assertThat(statesSeen)
                    .as("the public node's link to the cone site during the cut")
                    .isSubsetOf("connected", "reconnecting");
            long[] resumedAt = new long[1];
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        assertThat(pairFrom(lab, 1, cone)
                                        .path("lastMarkerMillis")
                                        .asDouble())
                                .as(() -> "the cone site heard again\n" + lab.logTails(40))
                                .isGreaterThan(backAt);
                        resumedAt[0] = System.currentTimeMillis();
                    });
            System.out.printf(
                    "nat sites: a 5 s uplink cut at the cone site (its link seen as %s): its audio back at the public"
                            + " node within %d ms of the network coming back (200 ms polls)%n",
                    statesSeen, resumedAt[0] - backAt);

            // Before the next change the room's own path from the cone site is back too (its TCP
            // connection to the rendezvous retransmits on its own schedule): a metrics report
            // from it arrived after the cut.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lab.get(1, "/api/metrics")
                                    .path("reports")
                                    .path(cone)
                                    .path("receivedAt")
                                    .asLong()
                            > backAt);

            // The cone site's public address changes (its provider renumbers the line): its media
            // comes back, at the public node and at the symmetric site, whose relay has to let the
            // new address in, without a rejoin.
            Map<Integer, String> ids = new HashMap<>();
            Map<Integer, Integer> restartsBefore = new HashMap<>();
            for (int listener : List.of(1, 3)) {
                ids.put(
                        listener,
                        lab.get(listener, "/api/room").path("self").path("id").asText());
                restartsBefore.put(listener, iceRestarts(lab, CONE, ids.get(listener)));
            }
            long renumberedAt = System.currentTimeMillis();
            lab.renumberSite(CONE);
            for (int listener : List.of(1, 3)) {
                double gap = awaitHeardAfter(lab, listener, cone, renumberedAt);
                if (SITES.get(listener - 1) == LabSite.SYMMETRIC) {
                    // Its relay lets in only addresses it was told of: this path needs new candidates.
                    assertThat(iceRestarts(lab, CONE, ids.get(listener)))
                            .as(() -> "the cone node saw its address change and restarted ICE towards the symmetric"
                                    + " site\n" + lab.logTails(40))
                            .isGreaterThan(restartsBefore.get(listener));
                }
                System.out.printf(
                        "nat sites: the cone site renumbered: the longest silence of its audio at the %s node %.0f ms;"
                                + " that link's path %s, reconnection %s%n",
                        SITES.get(listener - 1).label(),
                        gap,
                        pairFrom(lab, listener, cone).path("ice"),
                        pairFrom(lab, listener, cone).path("reconnection"));
            }
            for (int i = 1; i <= SITES.size(); i++) {
                assertThat(lab.get(i, "/api/room").path("members"))
                        .as("no one left the room")
                        .hasSize(3);
            }
        }
    }

    /**
     * Waits until {@code listener} has heard {@code from} for a while after {@code since} and
     * returns the longest silence in between (0 if the audio never stopped).
     */
    private static double awaitHeardAfter(Lab lab, int listener, String from, long since) {
        double[] gap = new double[1];
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode pair = pairFrom(lab, listener, from);
                    assertThat(pair.path("lastMarkerMillis").asDouble())
                            .as(() -> "heard " + from + " again at node " + listener + "\n" + lab.logTails(40))
                            .isGreaterThan(since + 4_000);
                    gap[0] = 0;
                    for (JsonNode g : pair.path("audioGaps")) {
                        // A gap is dated by the last marker before it: it may begin before `since`.
                        double endsAt = g.path("atMillis").asDouble()
                                + MARKER_PERIOD_MILLIS
                                + g.path("ms").asDouble();
                        if (endsAt > since) {
                            gap[0] = Math.max(gap[0], g.path("ms").asDouble());
                        }
                    }
                });
        return gap[0];
    }

    private static JsonNode pairFrom(Lab lab, int node, String from) {
        JsonNode latency = lab.get(node, "/api/latency");
        assertThat(latency).as("node %d answers", node).isNotNull();
        return entryWith(latency.path("pairs"), "from", from);
    }

    /** How often {@code node} restarted ICE on its link to {@code peer}. */
    private static int iceRestarts(Lab lab, int node, String peer) {
        return linkAt(lab, node, peer).path("reconnection").path("iceRestarts").asInt();
    }

    /** The link's state at {@code node} towards {@code peer}, as /api/media says it. */
    private static String linkState(Lab lab, int node, String peer) {
        JsonNode link = linkAt(lab, node, peer);
        return link.isMissingNode() ? "absent" : link.path("state").asText();
    }

    private static JsonNode linkAt(Lab lab, int node, String peer) {
        return entryWith(lab.get(node, "/api/media").path("links"), "peer", peer);
    }

    /** The entry of {@code list} whose {@code field} is {@code value}, or a missing node. */
    private static JsonNode entryWith(JsonNode list, String field, String value) {
        for (JsonNode entry : list) {
            if (entry.path(field).asText().equals(value)) {
                return entry;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
