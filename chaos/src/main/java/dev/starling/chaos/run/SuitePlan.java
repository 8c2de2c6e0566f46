package dev.starling.chaos.run;

import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.Suite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which scenarios of a suite to run and for how long. {@code --short} (CI) keeps two scenarios of
 * the matrix that share one room, clean and 50 ms of delay through one mixer, at 10 s each; {@code --only}
 * picks scenarios by name; {@code --seconds} shortens every scenario (packet faults past the new end
 * simply never fire), but never to less than {@link #RECOVERY} after its last kill, pause, stop or
 * partition has ended, because what such a scenario measures is the recovery. Pure.
 */
public final class SuitePlan {
    public static final List<String> SHORT = List.of("clean-1-mixers", "delay-50ms-1-mixers");
    public static final Duration SHORT_DURATION = Duration.ofSeconds(10);
    public static final Duration RECOVERY = Duration.ofSeconds(10);

    private SuitePlan() {}

    /**
     * @param only scenario names to keep (empty: all, or the short set)
     * @param seconds override of every scenario's duration, or null
     * @throws IllegalArgumentException naming an unknown scenario in {@code only}
     */
    public static List<Scenario> select(Suite suite, boolean shortRun, Set<String> only, Integer seconds) {
        for (String name : only) {
            if (suite.scenarios().stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("no scenario " + name + " in suite " + suite.name() + "; it has "
                        + suite.scenarios().stream().map(Scenario::name).toList());
            }
        }
        List<Scenario> out = new ArrayList<>();
        for (Scenario s : suite.scenarios()) {
            boolean keep = !only.isEmpty() ? only.contains(s.name()) : !shortRun || SHORT.contains(s.name());
            if (!keep) continue;
            Duration d = seconds != null
                    ? Duration.ofSeconds(seconds)
                    : shortRun && only.isEmpty() ? SHORT_DURATION : s.duration();
            Duration floor = Timeline.lastDisruptionEnd(s).isZero()
                    ? Duration.ZERO
                    : Timeline.lastDisruptionEnd(s).plus(RECOVERY);
            if (d.compareTo(floor) < 0) d = floor.compareTo(s.duration()) < 0 ? floor : s.duration();
            out.add(withDuration(s, d));
        }
        return out;
    }

    /** The profile id of a matrix scenario ({@code delay-50ms-2-mixers} -> {@code delay-50ms}); else the name. */
    public static String profile(Scenario s) {
        String suffix = "-" + s.mixers().count() + "-mixers";
        return s.name().endsWith(suffix) ? s.name().substring(0, s.name().length() - suffix.length()) : s.name();
    }

    static Scenario withDuration(Scenario s, Duration d) {
        if (d.equals(s.duration())) return s;
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("duration must be positive");
        return new Scenario(
                s.name(),
                s.description(),
                s.seed(),
                d,
                s.peers(),
                s.mixers(),
                s.media(),
                s.measures(),
                s.markerPath(),
                s.faults());
    }
}
