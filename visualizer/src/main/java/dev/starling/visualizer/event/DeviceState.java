package dev.starling.visualizer.event;

import java.util.Locale;
import java.util.Optional;

/** A peer's microphone, camera or screen: on, off, or none (no such device). */
public enum DeviceState {
    ON,
    OFF,
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeviceState> fromWire(String value) {
        for (DeviceState s : values()) {
            if (s.wireName().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
