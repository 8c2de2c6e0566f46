package dev.starling.visualizer.event;

import java.util.Locale;
import java.util.Optional;

/** How a peer takes part in media: in the full mesh, as a client of a mixer, or as a mixer. */
public enum Role {
    MESH,
    CLIENT,
    MIXER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        for (Role r : values()) {
            if (r.wireName().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
