package dev.starling.visualizer.model;

import dev.starling.visualizer.event.ElectionFinished;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jgrapht.Graph;

/**
 * The topology at one instant: an unmodifiable JGraphT graph of peers and links plus the
 * election timeline up to that instant. Vertex and edge iteration order is insertion order,
 * which keeps every export deterministic.
 */
public record TopologySnapshot(long at, Graph<Peer, Link> graph, List<ElectionFinished> elections) {

    public TopologySnapshot {
        elections = List.copyOf(elections);
    }

    public List<Peer> peers() {
        return new ArrayList<>(graph.vertexSet());
    }

    public List<Link> links() {
        return new ArrayList<>(graph.edgeSet());
    }

    public Optional<Peer> peer(String id) {
        return graph.vertexSet().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<Peer> leader() {
        return graph.vertexSet().stream().filter(Peer::leader).findFirst();
    }
}
