package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HopCostTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ArrayNode pairs = json.createArrayNode();

    private void pair(String from, String to, int hops, Double p50) {
        ObjectNode p = pairs.addObject().put("from", from).put("to", to).put("hops", hops);
        ObjectNode audio = p.putObject("audio");
        if (p50 == null) {
            audio.putNull("p50_ms");
        } else {
            audio.put("p50_ms", p50);
        }
    }

    /** a and b are m1's clients, c is m2's. */
    private static final Map<String, String> MIXER_OF = Map.of("a", "m1", "b", "m1", "c", "m2");

    @Test
    void eachHopIsTheOriginAgainstTheFirstMixerOnItsWayAtTheSameClient() {
        // At client a: m1's own voice 0 hops; m2 and b 1 hop; c (m2's client) 2 hops.
        pair("m1", "a", 0, 300.0);
        pair("m2", "a", 1, 360.0); // against m1: 60
        pair("b", "a", 1, 380.0); // against m1: 80
        pair("c", "a", 2, 450.0); // against m2: 90
        // Client c is far busier (its jitter buffer is deep): only its own differences count.
        pair("m2", "c", 0, 1000.0);
        pair("m1", "c", 1, 1050.0); // against m2: 50
        pair("a", "c", 2, 1130.0); // against m1: 80
        // Mixers and unmeasured pairs are left out.
        pair("a", "m1", 0, 20.0);
        pair("b", "c", 2, null);

        JsonNode cost = HopCost.of(json, pairs, "audio", MIXER_OF);

        JsonNode a = cost.path("by_receiver").get(0);
        assertThat(a.path("receiver").asText()).isEqualTo("a");
        assertThat(a.path("p50_ms_by_hops").path("1").asDouble()).isEqualTo(370.0);
        assertThat(a.path("added_ms").path("1").asDouble()).isEqualTo(70.0);
        assertThat(a.path("added_ms").path("2").asDouble()).isEqualTo(90.0);
        JsonNode c = cost.path("by_receiver").get(1);
        assertThat(c.path("added_ms").path("1").asDouble()).isEqualTo(50.0);
        assertThat(c.path("added_ms").path("2").asDouble()).isEqualTo(80.0);
        assertThat(cost.path("by_receiver")).hasSize(2);
        assertThat(cost.path("added_ms_median").path("1").asDouble()).isEqualTo(60.0);
        assertThat(cost.path("added_ms_median").path("2").asDouble()).isEqualTo(85.0);
    }

    @Test
    void aSecondHopThroughAShallowerMixerIsNotNegative() {
        // m1's clients reach a through deep buffers at m1; m2's clients through shallow ones at m2.
        // By hop groups alone the second hop would look like 420 - 700 = -280 ms.
        pair("m1", "a", 0, 100.0);
        pair("b", "a", 1, 700.0);
        pair("m2", "a", 1, 330.0);
        pair("c", "a", 2, 420.0);

        JsonNode cost = HopCost.of(json, pairs, "audio", MIXER_OF);

        assertThat(cost.path("added_ms_median").path("2").asDouble()).isEqualTo(90.0);
        assertThat(cost.path("by_receiver")
                        .get(0)
                        .path("p50_ms_by_hops")
                        .path("2")
                        .asDouble())
                .isEqualTo(420.0);
    }

    @Test
    void videoIsMeasuredTheSameWay() {
        pairs.addObject()
                .put("from", "m1")
                .put("to", "a")
                .put("hops", 0)
                .putObject("video")
                .put("p50_ms", 40.0);
        pairs.addObject()
                .put("from", "b")
                .put("to", "a")
                .put("hops", 1)
                .putObject("video")
                .put("p50_ms", 95.0);
        JsonNode cost = HopCost.of(json, pairs, "video", MIXER_OF);
        assertThat(cost.path("added_ms_median").path("1").asDouble()).isEqualTo(55.0);
        assertThat(HopCost.of(json, pairs, "audio", MIXER_OF)
                        .path("added_ms_median")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aMeshHasNoHopsToCompare() {
        pair("a", "b", 0, 80.0);
        JsonNode cost = HopCost.of(json, pairs, "audio", Map.of());
        assertThat(cost.path("by_receiver")).isEmpty();
        assertThat(cost.path("added_ms_median").isEmpty()).isTrue();
        assertThat(dev.starling.chaos.report.Median.of(List.of(3.0, 1.0, 2.0, 10.0)))
                .isEqualTo(2.5);
    }
}
