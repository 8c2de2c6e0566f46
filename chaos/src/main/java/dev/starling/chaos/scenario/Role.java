package dev.starling.chaos.scenario;

import java.util.Locale;
import java.util.Optional;

/**
 * What a node does in the room. {@code LEADER} is never declared: the election picks it at run
 * time, so it only appears as a fault target and is resolved by the backend when the fault fires.
 */
public enum Role {
    CLIENT,
    MIXER,
    LEADER;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromYaml(String text) {
        for (Role r : values()) {
            if (r.yamlName().equals(text)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
