package dev.starling.chaos.scenario;

import java.util.Locale;
import java.util.Optional;

/** Delay jitter shapes, the same four names netem and Pumba accept. */
public enum Distribution {
    UNIFORM,
    NORMAL,
    PARETO,
    PARETONORMAL;

    public String netemName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Distribution> fromNetemName(String text) {
        for (Distribution d : values()) {
            if (d.netemName().equals(text)) return Optional.of(d);
        }
        return Optional.empty();
    }
}
