package dev.starling.node.routing;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this node sends on each of its links: the inputs it mixes for that recipient, its own id
 * standing for its own media. An empty set freezes the link (nothing is encoded for it); a link
 * the plan does not name carries this node's own media, as in mesh.
 */
public final class SendPlan {
    private final String self;
    private final Map<String, Set<String>> sends;
    /** Every remote input some link mixes: only those are worth copying out of the decoders. */
    private final Set<String> relayed;

    public SendPlan(String self, Map<String, Set<String>> sends) {
        this.self = self;
        Map<String, Set<String>> copy = new TreeMap<>();
        sends.forEach((peer, inputs) -> copy.put(peer, ordered(self, inputs)));
        this.sends = Collections.unmodifiableMap(copy);
        java.util.Set<String> r = new java.util.TreeSet<>();
        copy.values().forEach(r::addAll);
        r.remove(self);
        this.relayed = Collections.unmodifiableSet(r);
    }

    /** Ourselves first, then the others by id: the order of tiles in a composite. */
    private static Set<String> ordered(String self, Set<String> inputs) {
        Set<String> out = new java.util.LinkedHashSet<>();
        if (inputs.contains(self)) {
            out.add(self);
        }
        new java.util.TreeSet<>(inputs).forEach(out::add);
        return Collections.unmodifiableSet(out);
    }

    /** Everyone gets our own media. */
    public static SendPlan mesh(String self) {
        return new SendPlan(self, Map.of());
    }

    public String self() {
        return self;
    }

    public Set<String> inputsFor(String recipient) {
        return sends.getOrDefault(recipient, Set.of(self));
    }

    public boolean sendsTo(String recipient) {
        return !inputsFor(recipient).isEmpty();
    }

    /** Whether the link carries nothing but our own media, so it needs no mixing. */
    public boolean ownOnly(String recipient) {
        Set<String> inputs = inputsFor(recipient);
        return inputs.size() == 1 && inputs.contains(self);
    }

    /** Whether some link mixes what arrives from {@code peer}. */
    public boolean relays(String peer) {
        return relayed.contains(peer);
    }

    public Map<String, Set<String>> sends() {
        return sends;
    }
}
