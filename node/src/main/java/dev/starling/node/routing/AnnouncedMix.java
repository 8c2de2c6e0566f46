package dev.starling.node.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a peer says its audio to us carries: the origins it mixes into our link (its own id for its
 * own voice). A mixer uses it to keep mix-minus true across mixers: a mix from another mixer that
 * still carries a recipient's voice (the two mixers adopted a new election seconds apart) must not
 * be relayed back to that recipient.
 *
 * <p>An origin the peer stops carrying still counts as carried for {@code holdMillis}: the
 * announcement travels ahead of the audio already encoded, in flight and in our jitter buffer.
 * Thread-safe.
 */
public final class AnnouncedMix {
    private final long holdMillis;
    private Set<String> carried = Set.of();
    private boolean announced;
    private final Map<String, Long> fadingUntil = new HashMap<>();

    public AnnouncedMix(long holdMillis) {
        this.holdMillis = holdMillis;
    }

    public synchronized void announce(Set<String> origins, long nowMillis) {
        for (String previous : carried) {
            if (!origins.contains(previous)) {
                fadingUntil.put(previous, nowMillis + holdMillis);
            }
        }
        origins.forEach(fadingUntil::remove);
        fadingUntil.values().removeIf(until -> until <= nowMillis);
        carried = Set.copyOf(origins);
        announced = true;
    }

    /**
     * Whether audio from this peer can hold nobody's voice but {@code origin}'s: it announced at
     * most that (nothing, for a frozen link) and no other voice it dropped is still in flight.
     * True before the first announcement: a peer announces when the link opens, so what precedes
     * it is its own voice (a mix could overtake its announcement by one round trip at most).
     */
    public synchronized boolean carriesOnly(String origin, long nowMillis) {
        if (!announced) {
            return true;
        }
        if (!Set.of(origin).containsAll(carried)) {
            return false;
        }
        return fadingUntil.entrySet().stream().noneMatch(e -> !e.getKey().equals(origin) && nowMillis < e.getValue());
    }

    /** The origins the peer last announced. */
    public synchronized Set<String> origins() {
        return carried;
    }

    /** Whether audio from this peer may still hold {@code origin}'s voice. */
    public synchronized boolean carries(String origin, long nowMillis) {
        if (carried.contains(origin)) {
            return true;
        }
        Long until = fadingUntil.get(origin);
        return until != null && nowMillis < until;
    }
}
