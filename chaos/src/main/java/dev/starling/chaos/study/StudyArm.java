package dev.starling.chaos.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One way of choosing a room's mixers that the study compares. */
public enum StudyArm {
    /** No mixers: every peer sends to and receives from every other. */
    MESH,
    /** The room elects with the seed's formulas. */
    SEED,
    /** The room elects with the balanced policy. */
    BALANCED,
    /** Mixers drawn at random, the same number as elected. */
    RANDOM,
    /** The weakest peers by profile as mixers. */
    WORST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the room's own election picks the mixers (rather than the study pinning them). */
    public boolean elects() {
        return this == SEED || this == BALANCED;
    }

    public boolean hasMixers() {
        return this != MESH;
    }

    /** Parses a comma-separated list such as {@code mesh,seed,worst}; no repeats. */
    public static List<StudyArm> parseList(String spec) {
        List<StudyArm> arms = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String label = part.trim();
            StudyArm arm = null;
            for (StudyArm candidate : values()) {
                if (candidate.label().equals(label)) {
                    arm = candidate;
                }
            }
            if (arm == null) {
                throw new IllegalArgumentException(
                        "unknown arm '" + label + "': expected mesh, seed, balanced, random or worst");
            }
            if (arms.contains(arm)) {
                throw new IllegalArgumentException("arm '" + label + "' named twice");
            }
            arms.add(arm);
        }
        return List.copyOf(arms);
    }
}
