package dev.starling.node.presence;

import java.util.Locale;
import java.util.Optional;

/** One of a member's media devices: sending, switched off, or not there at all. */
public enum DeviceState {
    ON,
    OFF,
    /** No such device (or no media at all), as opposed to one that is switched off. */
    NONE;

    /** The text used in JSON: {@code on}, {@code off} or {@code none}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state for {@code on}, {@code off} or {@code none} (exact, lower case); empty for anything else. */
    public static Optional<DeviceState> fromText(String text) {
        for (DeviceState state : values()) {
            if (state.text().equals(text)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
