package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoFramesTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode media(long fromB, long fromC) throws Exception {
        return json.readTree("""
                {"links": [
                  {"peer": "b", "stats": [
                    {"direction": "inbound", "kind": "video", "framesDecoded": %d},
                    {"direction": "inbound", "kind": "audio", "framesDecoded": 0},
                    {"direction": "outbound", "kind": "video", "framesDecoded": 0, "framesEncoded": 999}]},
                  {"peer": "c", "stats": [{"direction": "inbound", "kind": "video", "framesDecoded": %d}]}]}
                """.formatted(fromB, fromC));
    }

    @Test
    void countsInboundVideoPerLink() throws Exception {
        assertThat(VideoFrames.of(media(40, 7)).byPeer()).isEqualTo(Map.of("b", 40L, "c", 7L));
        assertThat(VideoFrames.of(json.readTree("{}")).byPeer()).isEmpty();
    }

    @Test
    void ratesAreFramesOverTheTimeBetweenReadings() {
        VideoFrames before = new VideoFrames(1_000_000_000L, Map.of("b", 100L, "c", 50L));
        VideoFrames after = new VideoFrames(3_000_000_000L, Map.of("b", 130L, "c", 50L, "d", 10L));

        // A link new since the first reading counts from 0.
        assertThat(after.ratesSince(before)).isEqualTo(Map.of("b", 15.0, "c", 0.0, "d", 5.0));
        assertThat(after.ratesSince(null)).isEmpty();
        assertThat(before.ratesSince(after)).isEmpty();
    }
}
