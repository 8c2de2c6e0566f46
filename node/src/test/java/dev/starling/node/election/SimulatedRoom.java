package dev.starling.node.election;

import dev.starling.node.election.ElectionAction.AdoptResult;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.BroadcastStart;
import dev.starling.node.election.ElectionAction.PublishResult;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Test harness: several {@link Election}s wired together by an in-memory FIFO network, standing in
 * for the networked layer. Silent peers receive but never send, to model crashed or stuck peers.
 */
final class SimulatedRoom {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final InstantSource clock = () -> now;
    final Map<String, Election> nodes = new TreeMap<>();
    final Map<String, List<ElectionAction>> actions = new HashMap<>();
    final Set<String> silent = new HashSet<>();
    /** Peers whose probes go unanswered until {@link #answerSlowProbes}: a prober on a slow link. */
    final Set<String> slowProbers = new HashSet<>();

    private final List<Runnable> slowProbes = new ArrayList<>();
    /** Speed a probe from key[0] to key[1] is measured at, Mbit/s; default 10. */
    final Map<String, Double> speed = new HashMap<>();

    private final Deque<Runnable> wire = new ArrayDeque<>();

    private final ElectionConfig config;

    SimulatedRoom(ElectionConfig config, String... ids) {
        this.config = config;
        for (String id : ids) {
            nodes.put(id, new Election(id, config, clock));
            actions.put(id, new ArrayList<>());
        }
    }

    /** The peer runs with {@code --no-mixer-candidate}; call before anything is delivered to it. */
    void declines(String id) {
        nodes.put(id, new Election(id, config.withCandidacy(false), clock));
    }

    Set<String> members() {
        return new TreeSet<>(nodes.keySet());
    }

    void speed(String from, String to, double mbps) {
        speed.put(from + ">" + to, mbps);
    }

    /** Every node learns every peer's gossiped metrics. */
    void metrics(String peer, double bitrateKbps, double encodeMs, int reports) {
        for (String id : nodes.keySet()) {
            deliver(id, new ElectionEvent.MetricsUpdated(peer, bitrateKbps, encodeMs, PeerCapability.MISSING, reports));
        }
        flush();
    }

    void deliver(String to, ElectionEvent event) {
        List<ElectionAction> out = nodes.get(to).handle(event);
        actions.get(to).addAll(out);
        if (!silent.contains(to)) {
            for (ElectionAction a : out) {
                route(to, a);
            }
        }
    }

    void send(String to, ElectionEvent event) {
        deliver(to, event);
        flush();
    }

    void advance(Duration d) {
        now = now.plus(d);
        for (String id : nodes.keySet()) {
            deliver(id, new ElectionEvent.Tick());
        }
        flush();
    }

    void leave(String peer) {
        nodes.remove(peer);
        for (String id : nodes.keySet()) {
            deliver(id, new ElectionEvent.MemberLeft(peer));
        }
        flush();
    }

    /** The slow probers' probes arrive now. */
    void answerSlowProbes() {
        wire.addAll(slowProbes);
        slowProbes.clear();
        flush();
    }

    void flush() {
        while (!wire.isEmpty()) {
            wire.poll().run();
        }
    }

    private void toOthers(String from, ElectionEvent e) {
        for (String id : List.copyOf(nodes.keySet())) {
            if (!id.equals(from)) {
                wire.add(() -> deliverIfPresent(id, e));
            }
        }
    }

    private void deliverIfPresent(String id, ElectionEvent e) {
        if (nodes.containsKey(id)) {
            deliver(id, e);
        }
    }

    private void route(String from, ElectionAction a) {
        if (a instanceof BroadcastStart s) {
            toOthers(from, new ElectionEvent.StartReceived(from, s.number(), s.mixers(), s.policy(), members()));
        } else if (a instanceof SendProbe p) {
            double mbps = speed.getOrDefault(from + ">" + p.to(), 10.0);
            Runnable probe = () -> deliverIfPresent(p.to(), new ElectionEvent.ProbeReceived(from, p.number(), mbps));
            (slowProbers.contains(from) ? slowProbes : wire).add(probe);
        } else if (a instanceof SendProbeResponse r) {
            wire.add(() -> deliverIfPresent(
                    r.to(), new ElectionEvent.ProbeResponseReceived(from, r.number(), r.speedMbps(), r.avgEncodeMs())));
        } else if (a instanceof BroadcastPoints p) {
            toOthers(from, new ElectionEvent.PointsReceived(from, p.number(), p.points(), p.candidate()));
        } else if (a instanceof PublishResult r) {
            toOthers(from, new ElectionEvent.ResultReceived(from, r.outcome()));
        }
    }

    <T extends ElectionAction> List<T> actionsOf(String id, Class<T> type) {
        return actions.get(id).stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<AdoptResult> adopted(String id) {
        return actionsOf(id, AdoptResult.class);
    }
}
