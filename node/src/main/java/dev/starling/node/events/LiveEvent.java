package dev.starling.node.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened in the room, as the live stream ({@code /api/stream}) shows it:
 * {@code {"type": ..., "at": <epoch ms>, ...fields}}.
 */
public record LiveEvent(String type, long at, Map<String, Object> fields) {
    public LiveEvent {
        Objects.requireNonNull(type, "type");
        fields = Map.copyOf(fields);
    }

    /** Flat JSON-ready view: type and at first, then the fields. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("at", at);
        map.putAll(fields);
        return map;
    }
}
