package dev.starling.node.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who sends what to whom, for the whole room: the media topology that follows from the last
 * election and the members that are still alive. Every peer derives the same table from the same
 * inputs, so no message is needed to agree on it, and a crash re-routes at once on every peer.
 *
 * <p>A link carries a set of <em>inputs</em>: the peers whose audio and video arrive at the sender
 * over their own links (or the sender itself) and that it mixes into what it sends. In mesh every
 * link carries just its sender. With mixers:
 * <ul>
 *   <li>a client sends itself to its mixer and nothing to anyone else ("freeze encodings");</li>
 *   <li>a mixer sends each of its clients itself, its other clients and the other mixers (whose
 *       streams are their own local mixes), so nobody gets their own voice back (mix-minus);</li>
 *   <li>a mixer sends every other mixer itself and its clients (its local mix), never what it got
 *       from another mixer, so nothing circulates;</li>
 *   <li>nobody sends anything to another mixer's clients.</li>
 * </ul>
 * Hence any two peers are at most two relaying mixers apart.
 *
 * <p>Failover: a client whose mixer is gone uses the backup the election chose; one whose mixer
 * and backup are both gone, or a peer that joined after the election, goes to the live mixer with
 * the fewest clients (ties by election rank). With no mixer alive the room is mesh.
 */
public final class RouteTable {
    public static final String MESH = "mesh";
    public static final String MIXER = "mixer";
    public static final String CLIENT = "client";

    /** Live mixers, best ranked first; empty in mesh. */
    private final List<String> mixers;
    /** Every live non-mixer to the live mixer that serves it. */
    private final Map<String, String> mixerOf;

    private final Set<String> members;

    private RouteTable(List<String> mixers, Map<String, String> mixerOf, Set<String> members) {
        this.mixers = List.copyOf(mixers);
        this.mixerOf = Collections.unmodifiableMap(new TreeMap<>(mixerOf));
        this.members = Collections.unmodifiableSet(new TreeSet<>(members));
    }

    /** Everyone sends to everyone. */
    public static RouteTable mesh(Set<String> members) {
        return new RouteTable(List.of(), Map.of(), members);
    }

    /**
     * @param rankedMixers the elected mixers, best first
     * @param assignment elected client to mixer
     * @param backups elected client to the mixer it falls back to
     * @param live the members now in the room
     */
    public static RouteTable of(
            List<String> rankedMixers, Map<String, String> assignment, Map<String, String> backups, Set<String> live) {
        List<String> liveMixers =
                rankedMixers.stream().filter(live::contains).distinct().toList();
        if (liveMixers.isEmpty()) {
            return mesh(live);
        }
        Map<String, String> mixerOf = new TreeMap<>();
        List<String> unplaced = new ArrayList<>();
        for (String peer : new TreeSet<>(live)) {
            if (liveMixers.contains(peer)) {
                continue;
            }
            String primary = assignment.get(peer);
            String backup = backups.get(peer);
            if (primary != null && liveMixers.contains(primary)) {
                mixerOf.put(peer, primary);
            } else if (backup != null && liveMixers.contains(backup)) {
                mixerOf.put(peer, backup);
            } else {
                unplaced.add(peer);
            }
        }
        for (String peer : unplaced) {
            mixerOf.put(peer, leastLoaded(liveMixers, mixerOf));
        }
        return new RouteTable(liveMixers, mixerOf, live);
    }

    private static String leastLoaded(List<String> mixers, Map<String, String> mixerOf) {
        Map<String, Integer> load = new LinkedHashMap<>();
        mixers.forEach(m -> load.put(m, 0));
        mixerOf.values().forEach(m -> load.merge(m, 1, Integer::sum));
        // Stable over the ranked order: the better-ranked mixer wins a tie.
        return mixers.stream().min(Comparator.comparingInt(load::get)).orElseThrow();
    }

    public boolean isMesh() {
        return mixers.isEmpty();
    }

    public List<String> mixers() {
        return mixers;
    }

    public Map<String, String> mixerOf() {
        return mixerOf;
    }

    public Set<String> members() {
        return members;
    }

    public String role(String peer) {
        if (isMesh()) {
            return MESH;
        }
        return mixers.contains(peer) ? MIXER : CLIENT;
    }

    /** The clients a mixer serves, sorted. */
    public Set<String> clientsOf(String mixer) {
        Set<String> clients = new TreeSet<>();
        mixerOf.forEach((client, m) -> {
            if (m.equals(mixer)) {
                clients.add(client);
            }
        });
        return clients;
    }

    /**
     * What {@code sender} sends to {@code recipient}: the inputs it mixes for it (its own id for its
     * own media), in a fixed order with the sender first; empty if it sends nothing.
     */
    public Set<String> inputs(String sender, String recipient) {
        Objects.requireNonNull(sender);
        Objects.requireNonNull(recipient);
        if (sender.equals(recipient)) {
            return Set.of();
        }
        if (isMesh()) {
            return Set.of(sender);
        }
        if (!mixers.contains(sender)) {
            return recipient.equals(mixerOf.get(sender)) ? Set.of(sender) : Set.of();
        }
        Set<String> inputs = new LinkedHashSet<>();
        inputs.add(sender);
        Set<String> clients = clientsOf(sender);
        if (mixers.contains(recipient)) {
            inputs.addAll(clients);
        } else if (clients.contains(recipient)) {
            clients.stream().filter(c -> !c.equals(recipient)).forEach(inputs::add);
            mixers.stream().filter(m -> !m.equals(sender)).sorted().forEach(inputs::add);
        } else {
            return Set.of();
        }
        return Collections.unmodifiableSet(inputs);
    }

    /** Everything {@code sender} sends, per recipient among the other members (empty sets included). */
    public Map<String, Set<String>> sendsOf(String sender) {
        Map<String, Set<String>> sends = new TreeMap<>();
        for (String peer : members) {
            if (!peer.equals(sender)) {
                sends.put(peer, inputs(sender, peer));
            }
        }
        return sends;
    }

    /**
     * How many mixers relay {@code origin}'s media before {@code receiver} gets it: 0 when it
     * comes straight from the origin (a mixer's own voice included), 1 or 2 through mixers, or -1
     * if the table does not deliver it (one of them is not a member).
     */
    public int hops(String origin, String receiver) {
        if (!members.contains(origin) || !members.contains(receiver) || origin.equals(receiver)) {
            return -1;
        }
        if (isMesh()
                || mixers.contains(origin) && (mixers.contains(receiver) || origin.equals(mixerOf.get(receiver)))) {
            return 0;
        }
        if (mixers.contains(origin)) {
            return 1; // to another mixer's client, through that mixer
        }
        String first = mixerOf.get(origin);
        if (receiver.equals(first)) {
            return 0;
        }
        if (mixers.contains(receiver) || first.equals(mixerOf.get(receiver))) {
            return 1;
        }
        return 2;
    }

    /**
     * The peer whose link delivers {@code origin}'s media to {@code receiver}: the origin itself
     * when nothing relays it, else the last mixer on the way; null if the table does not deliver it.
     */
    public String lastHop(String origin, String receiver) {
        int hops = hops(origin, receiver);
        if (hops <= 0) {
            return hops == 0 ? origin : null;
        }
        return mixers.contains(receiver) ? mixerOf.get(origin) : mixerOf.get(receiver);
    }

    /**
     * What to send while switching from {@code before} to this table without a gap ("make before
     * break"): on every link, the union of both tables' inputs. Once the new paths carry media,
     * the sender switches to this table's inputs alone.
     */
    public Map<String, Set<String>> makeBeforeBreak(String sender, RouteTable before) {
        Map<String, Set<String>> union = new TreeMap<>();
        Map<String, Set<String>> old = before.sendsOf(sender);
        sendsOf(sender).forEach((peer, inputs) -> {
            Set<String> both = new LinkedHashSet<>(inputs);
            // Inputs of peers that are gone are dropped: their links are closing.
            old.getOrDefault(peer, Set.of()).stream().filter(members::contains).forEach(both::add);
            union.put(peer, Collections.unmodifiableSet(both));
        });
        return union;
    }

    /**
     * Whether switching from {@code before} must pass through mesh to keep mix-minus: when a peer
     * that stays changes between mixer and client, or a client moves away from a mixer that stays
     * alive. Overlapping the old and new mixes directly would then send someone their own voice
     * back (new mixer to old mixer to them). Losing a mixer, or going to or from mesh, needs no bridge.
     */
    public boolean needsMeshBridge(RouteTable before) {
        if (isMesh() || before.isMesh()) {
            return false;
        }
        for (String peer : members) {
            if (!before.members.contains(peer)) {
                continue;
            }
            if (!before.role(peer).equals(role(peer))) {
                return true;
            }
            String was = before.mixerOf.get(peer);
            String now = mixerOf.get(peer);
            if (was != null && !was.equals(now) && mixers.contains(was)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteTable t
                && mixers.equals(t.mixers)
                && mixerOf.equals(t.mixerOf)
                && members.equals(t.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mixers, mixerOf, members);
    }

    @Override
    public String toString() {
        return isMesh() ? "mesh" + members : "mixers " + mixers + " serving " + mixerOf;
    }
}
