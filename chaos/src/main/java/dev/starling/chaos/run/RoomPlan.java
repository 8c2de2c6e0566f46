package dev.starling.chaos.run;

import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Media;
import dev.starling.chaos.scenario.Peer;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room a scenario needs, decided from the scenario alone. Kept apart from starting rooms so
 * that which scenarios may share a room, and what their nodes are told, can be checked (and
 * ordered by, {@link ChaosSession}) without starting anything. Pure.
 */
final class RoomPlan {
    static final String LIGHT_VIDEO = "192x144@5"; // the smallest frame that still holds a stamp

    private RoomPlan() {}

    /** The node options every node of a scenario starts with. */
    static List<String> nodeOptions(Scenario scenario) {
        List<String> options = new ArrayList<>();
        int mixers = scenario.mixers().count();
        if (mixers > 0) options.addAll(List.of("--mixers", Integer.toString(mixers)));
        Media media = scenario.media();
        options.addAll(List.of("--audio-bitrate", Long.toString(media.audioBitsPerSecond())));
        if (media.video()) {
            options.addAll(List.of("--video-bitrate", Long.toString(media.videoBitsPerSecond())));
        } else {
            // The node has no audio-only mode: a scenario without video gets the smallest synthetic
            // video (its stamps still let the lab see media flowing), so that N encoders on a shared
            // machine do not turn CPU starvation into audio latency.
            options.addAll(List.of("--video", LIGHT_VIDEO));
        }
        return options;
    }

    /**
     * A scenario names its mixers (added {@code mixer-K} nodes or forced ids); everyone else runs
     * with {@code --no-mixer-candidate}, so the room elects exactly those and the markers between
     * two clients cross mixers, as the seed's test plan means them to.
     */
    static Map<Integer, List<String>> nodeOwnOptions(Scenario scenario) {
        Map<Integer, List<String>> options = new LinkedHashMap<>();
        if (scenario.mixers().count() == 0) return options;
        List<Peer> nodes = scenario.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).role() != Role.MIXER) options.put(i + 1, List.of("--no-mixer-candidate"));
        }
        return options;
    }

    /**
     * Scenarios with equal keys can run one after the other in the same room; a scenario with
     * process faults or partitions (which change the room itself) gets a key of its own.
     */
    static String shareKey(Scenario scenario) {
        if (changesRoom(scenario)) return "own:" + scenario.name();
        return scenario.nodes().stream().map(p -> p.id() + "/" + p.role()).toList() + " " + nodeOptions(scenario)
                + " seed " + scenario.seed();
    }

    /** Whether the room may host a following scenario after this one ran well. */
    static boolean shareable(Scenario scenario) {
        return !changesRoom(scenario);
    }

    private static boolean changesRoom(Scenario scenario) {
        return scenario.faults().stream()
                .anyMatch(
                        f -> f.action() instanceof FaultAction.Process || f.action() instanceof FaultAction.Partition);
    }
}
