package dev.starling.chaos.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MeshComparisonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void reducesBothReportsToTheSameFiguresAndDividesThem() throws Exception {
        JsonNode starling = json.readTree("""
                {"lab": {"seconds": 10},
                 "pairs": [
                   {"audio": {"p50_ms": 40}, "video": {"p50_ms": 20, "frames": 290}},
                   {"audio": {"p50_ms": 60}, "video": {"p50_ms": 30, "frames": 250}},
                   {"audio": {"p50_ms": 200}, "video": {"frames": 0}}],
                 "nodes": [{"cpu_pct": 20}, {"cpu_pct": 30}]}
                """);
        JsonNode chromium = json.readTree("""
                {"pairs": [
                   {"audio": {"p50_ms": 100}, "video": {"p50_ms": 80, "decoded_fps": 29}},
                   {"audio": {"p50_ms": 120}, "video": {"p50_ms": 100, "decoded_fps": 27}}],
                 "cpu": {"per_peer_pct": 40, "per_peer_with_shared_split_pct": 50}}
                """);
        JsonNode c = new MeshComparison(json).compare(starling, chromium);

        assertThat(c.path("starling").path("audio_p50_median_pair_ms").asDouble())
                .isEqualTo(60);
        assertThat(c.path("starling").path("audio_p50_worst_pair_ms").asDouble())
                .isEqualTo(200);
        assertThat(c.path("starling").path("video_p50_median_pair_ms").asDouble())
                .isEqualTo(25);
        assertThat(c.path("starling").path("video_pairs_measured").asInt()).isEqualTo(2);
        assertThat(c.path("starling").path("fps_received_median_pair").asDouble())
                .isEqualTo(25);
        assertThat(c.path("starling").path("cpu_pct_per_participant").asDouble())
                .isEqualTo(25);
        assertThat(c.path("chromium").path("audio_p50_median_pair_ms").asDouble())
                .isEqualTo(110);
        assertThat(c.path("chromium").path("fps_received_median_pair").asDouble())
                .isEqualTo(28);
        assertThat(c.path("chromium").path("cpu_pct_per_participant").asDouble())
                .isEqualTo(50);
        assertThat(c.path("ratio").path("audio_p50_median_pair_ms").asDouble()).isEqualTo(0.55);
        assertThat(c.path("ratio").path("cpu_pct_per_participant").asDouble()).isEqualTo(0.5);
        assertThat(MeshComparison.table(c)).contains("audio_p50_median_pair_ms", "0.55");
    }

    @Test
    void missingFiguresStayMissingInsteadOfBecomingZero() throws Exception {
        JsonNode c = new MeshComparison(json).compare(json.readTree("{}"), json.readTree("{\"pairs\": []}"));
        assertThat(c.path("starling").has("audio_p50_median_pair_ms")).isFalse();
        assertThat(c.path("ratio").size()).isZero();
        assertThat(MeshComparison.table(c)).contains("-");
    }
}
