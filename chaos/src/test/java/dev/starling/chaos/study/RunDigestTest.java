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

        RunDigest digest = RunDigest.of(1, StudyArm.MESH, report, StudyFixtures.ROOM);

        assertThat(digest.mixers()).isEmpty();
        assertThat(digest.figure("phone-3g", Figure.AUDIO_P50)).isEqualTo(300);
        assertThat(digest.figure("phone-3g", Figure.AUDIBLE)).isEqualTo(75);
        assertThat(digest.figure("phone-3g", Figure.FPS))
                .as("15 of the 20 pairs into phones see 12 fps, the median")
                .isCloseTo(12, within(1e-9));
    }

    @Test
    void theFrameRateIsEachPeersPicturesAsSeenWhicheverLinkCarriedThem() {
        ObjectNode report = StudyFixtures.report(300, List.of(1, 2), List.of());
        // Links that carry no video say little: a client's pictures all come through its mixer.
        report.withArray("nodes").forEach(n -> ((ObjectNode) n).putObject("received_fps"));
        // Pictures of peers 1 to 3 reach phones at 9 fps (180 in 20 s), the others at 12.
        report.withArray("pairs").forEach(p -> {
            int from = Integer.parseInt(p.path("from").asText().substring(2));
            if (from <= 3 && !p.path("to").asText().matches("id[12]")) {
                ((ObjectNode) p.path("video")).put("frames", 180);
            }
        });

        RunDigest digest = RunDigest.of(1, StudyArm.SEED, report, StudyFixtures.ROOM);

        assertThat(digest.figure("phone-3g", Figure.FPS))
                .as("11 of 20 pairs at 9 fps")
                .isEqualTo(9);
        assertThat(digest.figure("desktop-fibre", Figure.FPS)).isCloseTo(15, within(1e-9));
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
