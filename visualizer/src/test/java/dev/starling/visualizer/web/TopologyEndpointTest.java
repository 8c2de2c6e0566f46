package dev.starling.visualizer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.visualizer.event.EventJson;
import dev.starling.visualizer.event.PeerJoined;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.export.TopologyRenderer;
import dev.starling.visualizer.model.TopologyModel;
import org.junit.jupiter.api.Test;

class TopologyEndpointTest {

    private final TopologyModel model = TopologyModel.withDefaults();
    private final TopologyEndpoint endpoint = new TopologyEndpoint(model, new TopologyRenderer(), new EventJson());

    @Test
    void servesEachFormatAndReplays() {
        model.accept(new PeerJoined(1000, "a", "Ann", Role.MESH));
        model.accept(new PeerJoined(2000, "b", "Bob", Role.MESH));
        assertThat(endpoint.topology(null, null).contentType()).startsWith("application/json");
        assertThat(endpoint.topology("svg", null).body()).contains("<svg", "Bob");
        assertThat(endpoint.topology("dot", null).body()).startsWith("digraph");
        assertThat(endpoint.topology("json", "1500").body()).contains("Ann").doesNotContain("Bob");
    }

    @Test
    void badParametersAre400() {
        assertThat(endpoint.topology("png", null).status()).isEqualTo(400);
        assertThat(endpoint.topology("json", "yesterday").status()).isEqualTo(400);
    }

    @Test
    void sseFrameIsOneDataLineWithTheEventShape() {
        String frame = endpoint.sseFrame(new PeerJoined(5, "p", "line1\nline2", Role.MIXER));
        assertThat(frame).startsWith("data: {\"type\":\"PeerJoined\",\"at\":5,").endsWith("\n\n");
        assertThat(frame.strip().lines()).hasSize(1);
    }
}
