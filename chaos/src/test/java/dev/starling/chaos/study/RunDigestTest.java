package dev.starling.chaos.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunDigestTest {

    @Test
    void pairsCountForTheirReceiversClassAndNodesForTheirOwn() {
        ObjectNode report = StudyFixtures.report(300, List.of(2, 1), List.of(1, 2, 3, 4, 5, 6));

        RunDigest digest = RunDigest.of(3, StudyArm.SEED, report, StudyFixtures.ROOM);

        assertThat(digest.mixers()).containsExactly(1, 2);
        assertThat(digest.ranking()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(digest.figure("phone-3g", Figure.AUDIO_P50)).isEqualTo(300);
        assertThat(digest.figure("phone-3g", Figure.AUDIO_P95)).isEqualTo(600);
        assertThat(digest.figure("phone-3g", Figure.FPS)).isCloseTo(12, within(1e-9));
        assertThat(digest.figure("desktop-fibre", Figure.AUDIO_P50)).isEqualTo(40);
        assertThat(digest.figure("desktop-fibre", Figure.FPS)).isCloseTo(15, within(1e-9));
        assertThat(digest.figure("desktop-fibre", Figure.UPLOAD)).isEqualTo(2000);
        assertThat(digest.figure("phone-3g", Figure.CPU)).isEqualTo(25);
        assertThat(digest.figure("phone-3g", Figure.AUDIBLE)).isEqualTo(100);
        assertThat(digest.figure("phone-3g", Figure.FAILOVER_GAP)).isNaN();
    }

    @Test
    void silentPairsLowerTheHeardShareButNotTheLatencyAndAMeshHasNoMixers() {
        ObjectNode report = StudyFixtures.report(300, List.of(), List.of());
        report.withArray("pairs").forEach(p -> {
            if (p.path("to").asText().equals("id6")) {
                ((ObjectNode) p.path("audio")).put("samples", 0).put("p50_ms", 5000);
                ((ObjectNode) p.path("video")).put("frames", 0);
            }
        });
        // Peer 6 receives no video from peer 1: its median over five links is still 12.
        ((ObjectNode) report.withArray("nodes").get(5).path("received_fps")).put("id1", 0.0);

        RunDigest digest = RunDigest.of(1, StudyArm.MESH, report, StudyFixtures.ROOM);

        assertThat(digest.mixers()).isEmpty();
        assertThat(digest.figure("phone-3g", Figure.AUDIO_P50)).isEqualTo(300);
        assertThat(digest.figure("phone-3g", Figure.AUDIBLE)).isEqualTo(75);
        assertThat(digest.figure("phone-3g", Figure.FPS)).isCloseTo(12, within(1e-9));
    }

    @Test
    void aClientSeesTheRoomAtItsMixersRateAndIdleLinksDoNotCount() {
        ObjectNode report = StudyFixtures.report(300, List.of(1, 2), List.of());
        // Peer 3 is a client of peer 2 (3 % 2 = 1): only that link carries its video.
        ObjectNode fps = (ObjectNode) report.withArray("nodes").get(2).path("received_fps");
        fps.put("id1", 0.0).put("id2", 9.0).put("id4", 0.0).put("id5", 0.0).put("id6", 0.0);
        for (int k = 3; k < 6; k++) {
            ((ObjectNode) report.withArray("nodes").get(k).path("received_fps"))
                    .put("id1", 9.0)
                    .put("id2", 9.0);
        }

        RunDigest digest = RunDigest.of(1, StudyArm.SEED, report, StudyFixtures.ROOM);

        assertThat(digest.figure("phone-3g", Figure.FPS)).isEqualTo(9);
    }

    @Test
    void failoverGapsCountPerClass() {
        ObjectNode report = StudyFixtures.report(300, List.of(1, 2), List.of());
        var peers = report.putObject("failover").putArray("peers");
        peers.addObject().put("id", "id3").put("gap_ms", 800);
        peers.addObject().put("id", "id4").put("gap_ms", 1200);
        peers.addObject().put("id", "id2").put("gap_ms", 100);

        RunDigest digest = RunDigest.of(1, StudyArm.BALANCED, report, StudyFixtures.ROOM);

        assertThat(digest.figure("phone-3g", Figure.FAILOVER_GAP)).isEqualTo(1000);
        assertThat(digest.figure("desktop-fibre", Figure.FAILOVER_GAP)).isEqualTo(100);
    }
}
