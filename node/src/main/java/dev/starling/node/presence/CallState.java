package dev.starling.node.presence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a member shows the room: its microphone ({@code audio}), camera ({@code video}) and screen. */
public record CallState(DeviceState audio, DeviceState video, DeviceState screen) {
    /** No devices: a node that sends no media, and what others are taken to have until they say. */
    public static final CallState NONE = new CallState(DeviceState.NONE, DeviceState.NONE, DeviceState.NONE);

    public CallState {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(screen, "screen");
    }

    /**
     * A node that sends what it opened at startup (synthetic signal, files or devices): each track
     * it sends is on, the others absent; such a node shares no screen.
     */
    public static CallState sending(boolean audio, boolean video) {
        return new CallState(
                audio ? DeviceState.ON : DeviceState.NONE, video ? DeviceState.ON : DeviceState.NONE, DeviceState.NONE);
    }

    /**
     * Reads {@code {"audio", "video", "screen"}} as texts {@code on}/{@code off}/{@code none}.
     *
     * @throws IllegalArgumentException naming the field that is missing or not one of the three texts
     */
    public static CallState fromText(Map<String, ?> fields) {
        return new CallState(device(fields, "audio"), device(fields, "video"), device(fields, "screen"));
    }

    /** {@code {"audio", "video", "screen"}} with texts {@code on}/{@code off}/{@code none}, in that order. */
    public Map<String, Object> asText() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("audio", audio.text());
        fields.put("video", video.text());
        fields.put("screen", screen.text());
        return fields;
    }

    private static DeviceState device(Map<String, ?> fields, String name) {
        Object value = fields.get(name);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("'" + name + "' must be \"on\", \"off\" or \"none\"");
        }
        return DeviceState.fromText(text)
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' must be \"on\", \"off\" or \"none\""));
    }
}
