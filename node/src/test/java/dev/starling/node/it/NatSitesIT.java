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
 * one does not. Then the cone site's uplink drops for 5 s: the room keeps it and its media comes
 * back without a rejoin.
 *
 * <p>Not part of the default suite: in this lab a link between the cone site and a relay
 * sometimes takes a minute to connect, or drops every few seconds (docs/nat.md), so the test
 * fails about half the time. Run it with {@code -Dstarling.natLab=true}.
 */
class NatSitesIT {
    private static final List<LabSite> SITES = List.of(LabSite.PUBLIC, LabSite.CONE, LabSite.SYMMETRIC);
    private static final int CONE = 2;
    private static final long CUT_MILLIS = 5_000;

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void threeSitesJoinByOneInviteAndEveryPairTalksOverThePathItsNatsAllow() throws Exception {
        assumeTrue(
                Boolean.getBoolean("starling.natLab"), "the NAT lab is unreliable yet; -Dstarling.natLab=true runs it");
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
                        String what = here.label() + " -> " + there.label() + ": " + ice;
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
                        JsonNode latency = lab.get(1, "/api/latency");
                        assertThat(latency).as(() -> lab.logTails(40)).isNotNull();
                        boolean heard = false;
                        for (JsonNode pair : latency.path("pairs")) {
                            heard |= pair.path("from").asText().equals(cone)
                                    && pair.path("lastMarkerMillis").asDouble() > backAt;
                        }
                        assertThat(heard)
                                .as(() -> "the cone site heard again\n" + lab.logTails(40))
                                .isTrue();
                        resumedAt[0] = System.currentTimeMillis();
                    });
            for (int i = 1; i <= SITES.size(); i++) {
                assertThat(lab.get(i, "/api/room").path("members"))
                        .as("no one left the room")
                        .hasSize(3);
            }
            System.out.printf(
                    "nat sites: a 5 s uplink cut at the cone site (its link seen as %s): its audio back at the public"
                            + " node within %d ms of the network coming back (200 ms polls)%n",
                    statesSeen, resumedAt[0] - backAt);
        }
    }

    /** The link's state at {@code node} towards {@code peer}, as /api/media says it. */
    private static String linkState(Lab lab, int node, String peer) {
        for (JsonNode link : lab.get(node, "/api/media").path("links")) {
            if (link.path("peer").asText().equals(peer)) {
                return link.path("state").asText();
            }
        }
        return "absent";
    }
}
