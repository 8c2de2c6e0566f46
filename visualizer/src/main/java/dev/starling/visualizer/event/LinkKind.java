package dev.starling.visualizer.event;

import java.util.Locale;
import java.util.Optional;

/** Media links carry audio/video; control links are the room's signalling/membership channel. */
public enum LinkKind {
    MEDIA,
    CONTROL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LinkKind> fromWire(String value) {
        for (LinkKind k : values()) {
            if (k.wireName().equals(value)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
