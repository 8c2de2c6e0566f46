package dev.starling.chaos.study;

import dev.starling.chaos.lab.PeerProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The study's room: node K (1-based) has profile {@code profiles[K-1]}, and a peer's class is its
 * profile's name. Classes are ordered by what the device and link can carry: CPU share, then
 * uplink, then the lower delay and loss (an absent limit counts as unlimited).
 */
public final class PeerClasses {

    static final Comparator<PeerProfile> STRONGEST_FIRST = Comparator.comparingDouble(
                    (PeerProfile p) -> p.cpuCores() == 0 ? Double.MAX_VALUE : p.cpuCores())
            .thenComparingDouble(p -> p.uplinkKbps() == 0 ? Double.MAX_VALUE : p.uplinkKbps())
            .reversed()
            .thenComparingDouble(PeerProfile::delayMs)
            .thenComparingDouble(PeerProfile::lossPercent);

    private final List<PeerProfile> profiles;
    private final List<String> classes;

    public PeerClasses(List<PeerProfile> profiles) {
        if (profiles.size() < 2) {
            throw new IllegalArgumentException("a study needs at least 2 peers");
        }
        this.profiles = List.copyOf(profiles);
        LinkedHashSet<PeerProfile> distinct = new LinkedHashSet<>(profiles);
        List<PeerProfile> ordered = new ArrayList<>(distinct);
        ordered.sort(STRONGEST_FIRST);
        this.classes = ordered.stream().map(PeerProfile::name).distinct().toList();
    }

    public int size() {
        return profiles.size();
    }

    /** Class names, strongest first. */
    public List<String> strongestFirst() {
        return classes;
    }

    public String strongest() {
        return classes.get(0);
    }

    public String weakest() {
        return classes.get(classes.size() - 1);
    }

    public String classOf(int node) {
        return profiles.get(node - 1).name();
    }

    /** Node numbers of one class, ascending. */
    public List<Integer> nodesOf(String className) {
        List<Integer> nodes = new ArrayList<>();
        for (int k = 1; k <= profiles.size(); k++) {
            if (classOf(k).equals(className)) {
                nodes.add(k);
            }
        }
        return List.copyOf(nodes);
    }

    /** Node numbers weakest first; within a class the higher number first. */
    public List<Integer> weakestFirst() {
        List<Integer> nodes = new ArrayList<>();
        for (int c = classes.size() - 1; c >= 0; c--) {
            List<Integer> of = new ArrayList<>(nodesOf(classes.get(c)));
            java.util.Collections.reverse(of);
            nodes.addAll(of);
        }
        return List.copyOf(nodes);
    }

    /**
     * Whether {@code mixers} are the strong peers: all from the strongest class, and as many as
     * there are mixers or strong peers.
     */
    public boolean areStrong(List<Integer> mixers, int wanted) {
        List<Integer> strong = nodesOf(strongest());
        return !mixers.isEmpty() && mixers.size() == Math.min(wanted, strong.size()) && strong.containsAll(mixers);
    }
}
