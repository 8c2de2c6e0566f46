package dev.starling.visualizer;

import dev.starling.visualizer.event.ElectionFinished;
import dev.starling.visualizer.event.LeaderChanged;
import dev.starling.visualizer.event.LinkKind;
import dev.starling.visualizer.event.LinkStats;
import dev.starling.visualizer.event.PeerJoined;
import dev.starling.visualizer.event.PeerMetrics;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.event.TopologyEvent;
import dev.starling.visualizer.model.TopologyModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Deterministic synthetic room for tests: n peers, the first {@code mixers} of them mixers. */
public final class SyntheticRoom {

    private SyntheticRoom() {}

    public static List<TopologyEvent> events(int n, int mixers, long seed) {
        Random rnd = new Random(seed);
        List<TopologyEvent> out = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            out.add(new PeerJoined(t++, id(i), "Peer " + i, Role.MESH));
            out.add(new PeerMetrics(t++, id(i), rnd.nextInt(90), rnd.nextInt(100)));
        }
        out.add(new LeaderChanged(t++, id(0)));
        List<String> mixerIds = new ArrayList<>();
        for (int i = 0; i < mixers; i++) {
            mixerIds.add(id(i));
        }
        Map<String, String> assignment = new LinkedHashMap<>();
        for (int i = mixers; i < n; i++) {
            assignment.put(id(i), id(i % mixers));
        }
        out.add(new ElectionFinished(t++, 1, mixerIds, assignment, "room-grew"));
        for (Map.Entry<String, String> a : assignment.entrySet()) {
            out.add(stats(t++, a.getKey(), a.getValue(), rnd));
            out.add(stats(t++, a.getValue(), a.getKey(), rnd));
            out.add(new LinkStats(t++, a.getKey(), a.getValue(), LinkKind.CONTROL, 0, 20, 0, 0, 0));
        }
        for (int i = 0; i < mixers; i++) {
            for (int j = 0; j < mixers; j++) {
                if (i != j) {
                    out.add(stats(t++, id(i), id(j), rnd));
                }
            }
        }
        return out;
    }

    public static void populate(TopologyModel model, int n, int mixers) {
        events(n, mixers, 42).forEach(model::accept);
    }

    public static LinkStats stats(long at, String from, String to, Random rnd) {
        return new LinkStats(
                at,
                from,
                to,
                LinkKind.MEDIA,
                300 + rnd.nextInt(2500),
                10 + rnd.nextInt(80),
                rnd.nextInt(100) / 10.0,
                rnd.nextInt(20),
                20 + rnd.nextInt(100));
    }

    public static String id(int i) {
        return "peer-" + i;
    }
}
