package dev.starling.chaos.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed, validated scenario: room, network faults and what to measure. {@code markerPath} is
 * the sender whose audio markers are timed at the receiver (empty when the room has no two clients).
 */
public record Scenario(
        String name,
        String description,
        long seed,
        Duration duration,
        List<Peer> peers,
        MixerSpec mixers,
        Media media,
        Set<Measure> measures,
        Optional<Target.Link> markerPath,
        List<Fault> faults) {

    public Scenario {
        peers = List.copyOf(peers);
        measures = Set.copyOf(measures);
        faults = List.copyOf(faults);
    }

    /**
     * Every node that will run: declared peers (forced mixers promoted) plus added mixer nodes.
     * Order is stable so backends name containers and namespaces reproducibly.
     */
    public List<Peer> nodes() {
        List<Peer> nodes = new ArrayList<>();
        for (Peer p : peers) {
            boolean forced = mixers.forcedIds().contains(p.id());
            nodes.add(forced ? new Peer(p.id(), Role.MIXER) : p);
        }
        if (mixers.isForced()) {
            for (String id : mixers.forcedIds()) {
                if (peers.stream().noneMatch(p -> p.id().equals(id))) nodes.add(new Peer(id, Role.MIXER));
            }
        } else {
            for (int i = 1; i <= mixers.count(); i++) nodes.add(new Peer("mixer-" + i, Role.MIXER));
        }
        return nodes;
    }
}
