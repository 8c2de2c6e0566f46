package dev.starling.node.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The room's ranking of mixer candidates, built from every peer's points message.
 *
 * <p>A candidate's score is the sum of the totals that each scorer gave it. Summing (rather than
 * averaging) means a peer that some scorers could not measure, because it did not answer their
 * probe, is ranked lower, which is what we want of a mixer. Scorers are visited in ascending id
 * order so that the floating-point sum, and therefore any tie, is bit-identical on every peer that
 * holds the same points messages. Ties break by ascending peer id.
 */
public final class Ranking {

    private static final Comparator<RankedPeer> ORDER =
            Comparator.comparingDouble(RankedPeer::total).reversed().thenComparing(RankedPeer::peerId);

    private final List<RankedPeer> ranked;

    private Ranking(List<RankedPeer> ranked) {
        this.ranked = List.copyOf(ranked);
    }

    /**
     * @param pointsBySender each scorer's points message, by scorer id
     * @param eligible peers that may be ranked: those that answered and are still in the room; any
     *     other peer named in a points message is left out
     */
    public static Ranking of(Map<String, List<Points>> pointsBySender, Set<String> eligible) {
        Map<String, Double> totals = new TreeMap<>();
        for (String peer : eligible) {
            totals.put(peer, 0.0);
        }
        for (List<Points> message : new TreeMap<>(pointsBySender).values()) {
            for (Points p : message) {
                totals.computeIfPresent(p.peerId(), (id, sum) -> sum + p.total());
            }
        }
        List<RankedPeer> list = new ArrayList<>(totals.size());
        totals.forEach((id, total) -> list.add(new RankedPeer(id, total)));
        list.sort(ORDER);
        return new Ranking(list);
    }

    /** Best first. */
    public List<RankedPeer> peers() {
        return ranked;
    }

    /** The ids of the best {@code n} candidates (fewer if there are fewer candidates). */
    public List<String> top(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(n, ranked.size()); i++) {
            ids.add(ranked.get(i).peerId());
        }
        return List.copyOf(ids);
    }

    /** Score by peer id, for the assignment's capacities. */
    public Map<String, Double> totals() {
        Map<String, Double> m = new TreeMap<>();
        ranked.forEach(r -> m.put(r.peerId(), r.total()));
        return m;
    }

    public boolean isEmpty() {
        return ranked.isEmpty();
    }
}
