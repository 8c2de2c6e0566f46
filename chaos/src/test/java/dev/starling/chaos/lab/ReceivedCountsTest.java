package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceivedCountsTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode media(long fromB, long fromC) throws Exception {
        return json.readTree("""
                {"links": [
                  {"peer": "b", "audioChunks": 1000, "stats": [
                    {"direction": "inbound", "kind": "video", "framesDecoded": %d},
                    {"direction": "inbound", "kind": "audio", "framesDecoded": 0},
                    {"direction": "outbound", "kind": "video", "framesDecoded": 0, "framesEncoded": 999}]},
                  {"peer": "c", "stats": [{"direction": "inbound", "kind": "video", "framesDecoded": %d}]}]}
                """.formatted(fromB, fromC));
    }

    @Test
    void countsInboundVideoAndAudioChunksPerLink() throws Exception {
        ReceivedCounts counts = ReceivedCounts.of(media(40, 7));
        assertThat(counts.framesByPeer()).isEqualTo(Map.of("b", 40L, "c", 7L));
        assertThat(counts.audioChunksByPeer()).isEqualTo(Map.of("b", 1000L));
        assertThat(ReceivedCounts.of(json.readTree("{}")).framesByPeer()).isEmpty();
    }

    @Test
    void ratesAreCountsOverTheTimeBetweenReadings() {
        ReceivedCounts before = new ReceivedCounts(1_000_000_000L, Map.of("b", 100L, "c", 50L), Map.of("b", 0L));
        ReceivedCounts after =
                new ReceivedCounts(3_000_000_000L, Map.of("b", 130L, "c", 50L, "d", 10L), Map.of("b", 196L, "d", 200L));

        // A link new since the first reading counts from 0.
        assertThat(after.fpsSince(before)).isEqualTo(Map.of("b", 15.0, "c", 0.0, "d", 5.0));
        assertThat(after.playoutHzSince(before)).isEqualTo(Map.of("b", 98.0, "d", 100.0));
        assertThat(after.fpsSince(null)).isEmpty();
        assertThat(before.fpsSince(after)).isEmpty();
    }
}
