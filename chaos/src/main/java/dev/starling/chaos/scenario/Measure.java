package dev.starling.chaos.scenario;

import java.util.Locale;
import java.util.Optional;

/** Figures a run reports; names match the result columns of the latency suite. */
public enum Measure {
    LATENCY,
    LOSS,
    JITTER,
    CONCEALMENT,
    AUDIO_GAP,
    ELECTION,
    THROUGHPUT;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Measure> fromYaml(String text) {
        for (Measure m : values()) {
            if (m.yamlName().equals(text)) return Optional.of(m);
        }
        return Optional.empty();
    }
}
