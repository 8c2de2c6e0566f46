package dev.starling.visualizer.model;

import dev.starling.visualizer.event.CallStateChanged;
import dev.starling.visualizer.event.ElectionFinished;
import dev.starling.visualizer.event.LeaderChanged;
import dev.starling.visualizer.event.LinkClosed;
import dev.starling.visualizer.event.LinkStats;
import dev.starling.visualizer.event.PeerJoined;
import dev.starling.visualizer.event.PeerLeft;
import dev.starling.visualizer.event.PeerMetrics;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.event.RoleChanged;
import dev.starling.visualizer.event.TopologyEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * Mutable topology that events are folded into. Not thread-safe: {@link TopologyModel} owns the
 * locking. The JGraphT graph over peer ids is the structural index (so removing a peer drops its
 * links in one call); per-peer and per-link figures live in side maps keyed the same way.
 */
final class TopologyState {

    static final int MAX_ELECTIONS = 64;

    // Pseudograph: a media and a control edge may join the same ordered pair.
    private final Graph<String, LinkKey> structure;
    private final Map<String, Peer> peers;
    private final Map<LinkKey, Link> links;
    private final Deque<ElectionFinished> elections;
    private String leaderId;
    private long at;
    private long ignored;

    TopologyState() {
        this.structure = new DirectedPseudograph<>(null, null, false);
        this.peers = new LinkedHashMap<>();
        this.links = new LinkedHashMap<>();
        this.elections = new ArrayDeque<>();
    }

    TopologyState copy() {
        TopologyState c = new TopologyState();
        structure.vertexSet().forEach(c.structure::addVertex);
        structure.edgeSet().forEach(e -> c.structure.addEdge(e.from(), e.to(), e));
        c.peers.putAll(peers);
        c.links.putAll(links);
        c.elections.addAll(elections);
        c.leaderId = leaderId;
        c.at = at;
        c.ignored = ignored;
        return c;
    }

    /**
     * Folds one event in. Events about peers the state does not know (a race between a peer
     * leaving and its last stats arriving) are counted and dropped rather than resurrecting the peer.
     */
    void apply(TopologyEvent event) {
        at = Math.max(at, event.at());
        // Java 17 has no pattern switch; the sealed interface keeps this chain exhaustive by review.
        boolean applied;
        if (event instanceof PeerJoined e) {
            applied = join(e);
        } else if (event instanceof PeerLeft e) {
            applied = leave(e.peerId());
        } else if (event instanceof RoleChanged e) {
            applied = updatePeer(e.peerId(), p -> p.withRole(e.role()));
        } else if (event instanceof LeaderChanged e) {
            applied = changeLeader(e.peerId());
        } else if (event instanceof PeerMetrics e) {
            applied = updatePeer(e.peerId(), p -> p.withMetrics(e.cpuPercent(), e.electionPoints()));
        } else if (event instanceof CallStateChanged e) {
            applied = updatePeer(e.peerId(), p -> p.withCallState(e.audio(), e.video(), e.screen()));
        } else if (event instanceof LinkStats e) {
            applied = linkStats(e);
        } else if (event instanceof LinkClosed e) {
            LinkKey key = new LinkKey(e.from(), e.to(), e.kind());
            applied = structure.removeEdge(key) && links.remove(key) != null;
        } else if (event instanceof ElectionFinished e) {
            applied = election(e);
        } else {
            throw new IllegalStateException("unhandled event " + event.type());
        }
        if (!applied) {
            ignored++;
        }
    }

    private boolean join(PeerJoined e) {
        Peer old = peers.get(e.peerId());
        // A repeated join (the node re-announces a peer once its name is known) keeps the rest:
        // leader flag, metrics and call state.
        structure.addVertex(e.peerId());
        peers.put(
                e.peerId(),
                old == null ? Peer.joined(e.peerId(), e.name(), e.role()) : old.withNameAndRole(e.name(), e.role()));
        return true;
    }

    private boolean leave(String peerId) {
        if (!structure.containsVertex(peerId)) {
            return false;
        }
        Set<LinkKey> incident = new HashSet<>(structure.edgesOf(peerId));
        incident.forEach(links::remove);
        structure.removeVertex(peerId);
        peers.remove(peerId);
        if (peerId.equals(leaderId)) {
            leaderId = null;
        }
        return true;
    }

    private boolean updatePeer(String peerId, UnaryOperator<Peer> change) {
        Peer p = peers.get(peerId);
        if (p == null) {
            return false;
        }
        peers.put(peerId, change.apply(p));
        return true;
    }

    private boolean changeLeader(String peerId) {
        if (peerId != null && !peers.containsKey(peerId)) {
            return false;
        }
        leaderId = peerId;
        return true;
    }

    private boolean linkStats(LinkStats e) {
        if (e.from().equals(e.to()) || !peers.containsKey(e.from()) || !peers.containsKey(e.to())) {
            return false;
        }
        LinkKey key = new LinkKey(e.from(), e.to(), e.kind());
        if (!structure.containsEdge(key)) {
            structure.addEdge(e.from(), e.to(), key);
        }
        links.put(
                key,
                new Link(
                        e.from(),
                        e.to(),
                        e.kind(),
                        e.bitrateKbps(),
                        e.rttMs(),
                        e.lossPercent(),
                        e.jitterMs(),
                        e.latencyP50Ms(),
                        e.path(),
                        e.at()));
        return true;
    }

    private boolean election(ElectionFinished e) {
        elections.addLast(e);
        while (elections.size() > MAX_ELECTIONS) {
            elections.removeFirst();
        }
        // The result is authoritative about who mixes: a mixer left out of the list is demoted
        // (to client if it was assigned a mixer, else mesh). Other unmentioned peers keep their
        // role, since the node may announce late joiners separately with RoleChanged.
        if (e.mixers().isEmpty()) {
            peers.replaceAll((id, p) -> p.withRole(Role.MESH));
        } else {
            Set<String> mixers = Set.copyOf(e.mixers());
            peers.replaceAll((id, p) -> mixers.contains(id)
                    ? p.withRole(Role.MIXER)
                    : e.assignment().containsKey(id)
                            ? p.withRole(Role.CLIENT)
                            : p.role() == Role.MIXER ? p.withRole(Role.MESH) : p);
        }
        return true;
    }

    long at() {
        return at;
    }

    long ignoredCount() {
        return ignored;
    }

    TopologySnapshot snapshot() {
        Graph<Peer, Link> g = new DirectedPseudograph<>(null, null, false);
        Map<String, Peer> byId = new LinkedHashMap<>();
        for (Peer p : peers.values()) {
            Peer v = p.withLeader(Objects.equals(p.id(), leaderId));
            byId.put(p.id(), v);
            g.addVertex(v);
        }
        for (Link l : links.values()) {
            g.addEdge(byId.get(l.from()), byId.get(l.to()), l);
        }
        return new TopologySnapshot(
                at, new AsUnmodifiableGraph<>(g), elections.stream().toList());
    }
}
