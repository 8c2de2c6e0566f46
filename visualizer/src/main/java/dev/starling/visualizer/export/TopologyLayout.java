package dev.starling.visualizer.export;

import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.model.Link;
import dev.starling.visualizer.model.Peer;
import dev.starling.visualizer.model.TopologySnapshot;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.alg.drawing.CircularLayoutAlgorithm2D;
import org.jgrapht.alg.drawing.model.Box2D;
import org.jgrapht.alg.drawing.model.MapLayoutModel2D;
import org.jgrapht.graph.AsSubgraph;

/**
 * Deterministic two-ring layout centred on the origin: mixers on a small inner ring (a lone mixer
 * sits at the centre), everyone else on the outer ring, ordered by the mixer they were assigned
 * to and then by id so a mixer's clients sit together. A force layout would look nicer but moves
 * every node when one peer joins; rings keep the picture stable between snapshots and exports.
 */
public final class TopologyLayout {

    private final double spacing;
    private final double minRadius;

    public TopologyLayout(double spacing, double minRadius) {
        this.spacing = spacing;
        this.minRadius = minRadius;
    }

    public TopologyLayout() {
        this(70, 180);
    }

    public Map<String, Point> compute(TopologySnapshot snapshot) {
        Graph<Peer, Link> g = snapshot.graph();
        Map<String, String> assignment = snapshot.elections().isEmpty()
                ? Map.of()
                : snapshot.elections().get(snapshot.elections().size() - 1).assignment();
        Predicate<Peer> isMixer = p -> p.role() == Role.MIXER;

        Set<Peer> mixers = g.vertexSet().stream().filter(isMixer).collect(Collectors.toSet());
        Set<Peer> others = g.vertexSet().stream().filter(isMixer.negate()).collect(Collectors.toSet());

        double outer = Math.max(minRadius, others.size() * spacing / (2 * Math.PI));
        double inner = mixers.size() <= 1
                ? 0
                : Math.max(spacing, Math.min(outer * 0.4, mixers.size() * spacing / (2 * Math.PI)));

        Map<String, Point> out = new LinkedHashMap<>();
        place(g, mixers, inner, Comparator.comparing(Peer::id), out);
        place(
                g,
                others,
                outer,
                Comparator.<Peer, String>comparing(p -> assignment.getOrDefault(p.id(), ""))
                        .thenComparing(Peer::id),
                out);
        return out;
    }

    private static void place(
            Graph<Peer, Link> g, Set<Peer> ring, double radius, Comparator<Peer> order, Map<String, Point> out) {
        if (ring.isEmpty()) {
            return;
        }
        if (radius <= 0) {
            // JGraphT rejects a zero radius; a ring of one (the lone mixer) is simply the centre.
            ring.forEach(p -> out.put(p.id(), new Point(0, 0)));
            return;
        }
        double half = radius + 1;
        MapLayoutModel2D<Peer> model = new MapLayoutModel2D<>(Box2D.of(-half, -half, 2 * half, 2 * half));
        new CircularLayoutAlgorithm2D<Peer, Link>(radius, order).layout(new AsSubgraph<>(g, ring), model);
        model.forEach(e -> out.put(
                e.getKey().id(),
                new Point(round(e.getValue().getX()), round(e.getValue().getY()))));
    }

    /** Two decimals: enough for drawing, and it keeps exported text byte-stable across JVMs. */
    private static double round(double v) {
        double r = Math.round(v * 100) / 100.0;
        return r == 0 ? 0 : r; // no "-0.0" in exports
    }
}
