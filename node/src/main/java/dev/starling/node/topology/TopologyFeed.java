package dev.starling.node.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.events.LiveEvent;
import dev.starling.visualizer.event.DecodeResult;
import dev.starling.visualizer.event.EventJson;
import dev.starling.visualizer.model.TopologyModel;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's topology model current from its own live events.
 *
 * <p>The model is fed through the same JSON the browser receives, decoded by the visualizer's
 * strict {@link EventJson}: what the page can draw and what {@code /api/topology} exports never
 * disagree, and a malformed event is refused in one place.
 */
public final class TopologyFeed {
    private static final Logger log = LoggerFactory.getLogger(TopologyFeed.class);
    /** The live-event types that describe topology; chat and session events are not for the model. */
    private static final Set<String> TOPOLOGY_TYPES = Set.of(
            "PeerJoined",
            "PeerLeft",
            "RoleChanged",
            "LeaderChanged",
            "PeerMetrics",
            "CallStateChanged",
            "LinkStats",
            "LinkClosed",
            "ElectionFinished");

    private final TopologyModel model;
    private final EventJson json;
    private final ObjectMapper mapper;

    public TopologyFeed(TopologyModel model, EventJson json, ObjectMapper mapper) {
        this.model = model;
        this.json = json;
        this.mapper = mapper;
    }

    public TopologyModel model() {
        return model;
    }

    public void accept(LiveEvent event) {
        if (!TOPOLOGY_TYPES.contains(event.type())) {
            return;
        }
        DecodeResult result = json.decode(mapper.valueToTree(event.asMap()));
        if (result instanceof DecodeResult.Accepted accepted) {
            model.accept(accepted.event());
        } else if (result instanceof DecodeResult.Rejected rejected) {
            log.warn("topology event {} refused: {}", event.type(), rejected.reason());
        }
    }
}
