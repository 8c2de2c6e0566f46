package dev.starling.chaos.study;

import dev.starling.chaos.report.Median;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arms side by side: every figure per arm and peer class as the median over the arm's runs
 * with the runs' range (the run-to-run spread), how often each election chose the strong peers,
 * and whether the elected arms beat the full mesh and the worst choice for the weakest peers by
 * more than that spread.
 */
public final class StudySummary {

    /** One figure over an arm's runs: median and range; NaN when no run measured it. */
    public record Spread(double median, double min, double max, int runs) {
        public double range() {
            return max - min;
        }

        static Spread of(List<Double> values) {
            List<Double> measured =
                    values.stream().filter(v -> !Double.isNaN(v)).toList();
            if (measured.isEmpty()) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Spread(
                    Median.of(measured), Collections.min(measured), Collections.max(measured), measured.size());
        }
    }

    /** How often an elected arm chose the strong peers as mixers. */
    public record Picks(StudyArm arm, int strong, int runs) {}

    /**
     * For the weakest class, an elected arm against a baseline on one figure: the difference of
     * the medians in the better direction ({@code margin}, negative when worse) and the larger of
     * the two arms' ranges.
     */
    public record Comparison(StudyArm arm, StudyArm baseline, Figure figure, double margin, double spread) {
        public boolean holds() {
            return margin > 0 && margin > spread;
        }
    }

    private final PeerClasses room;
    private final Map<StudyArm, Map<String, Map<Figure, Spread>>> spreads = new EnumMap<>(StudyArm.class);
    private final List<Picks> picks = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();

    public StudySummary(PeerClasses room, int mixers, List<RunDigest> runs) {
        this.room = room;
        for (StudyArm arm : StudyArm.values()) {
            List<RunDigest> ofArm = runs.stream().filter(r -> r.arm() == arm).toList();
            if (ofArm.isEmpty()) {
                continue;
            }
            Map<String, Map<Figure, Spread>> byClass = new LinkedHashMap<>();
            for (String c : room.strongestFirst()) {
                Map<Figure, Spread> byFigure = new EnumMap<>(Figure.class);
                for (Figure f : Figure.values()) {
                    byFigure.put(
                            f, Spread.of(ofArm.stream().map(r -> r.figure(c, f)).toList()));
                }
                byClass.put(c, byFigure);
            }
            spreads.put(arm, byClass);
            if (arm.elects()) {
                int strong = (int) ofArm.stream()
                        .filter(r -> room.areStrong(r.mixers(), mixers))
                        .count();
                picks.add(new Picks(arm, strong, ofArm.size()));
            }
        }
        for (StudyArm arm : spreads.keySet()) {
            if (!arm.elects()) {
                continue;
            }
            for (StudyArm baseline : List.of(StudyArm.MESH, StudyArm.WORST)) {
                if (spreads.containsKey(baseline)) {
                    for (Figure f : List.of(Figure.AUDIO_P50, Figure.FPS)) {
                        comparisons.add(compare(arm, baseline, f));
                    }
                }
            }
        }
    }

    private Comparison compare(StudyArm arm, StudyArm baseline, Figure figure) {
        Spread a = spread(arm, room.weakest(), figure);
        Spread b = spread(baseline, room.weakest(), figure);
        double margin = figure.higherIsBetter() ? a.median() - b.median() : b.median() - a.median();
        return new Comparison(arm, baseline, figure, margin, Math.max(a.range(), b.range()));
    }

    public PeerClasses room() {
        return room;
    }

    /** Arms that ran, in declaration order. */
    public List<StudyArm> arms() {
        return List.copyOf(spreads.keySet());
    }

    public Spread spread(StudyArm arm, String className, Figure figure) {
        return spreads.getOrDefault(arm, Map.of())
                .getOrDefault(className, Map.of())
                .getOrDefault(figure, new Spread(Double.NaN, Double.NaN, Double.NaN, 0));
    }

    public List<Picks> picks() {
        return List.copyOf(picks);
    }

    public List<Comparison> comparisons() {
        return List.copyOf(comparisons);
    }
}
