package dev.starling.node.election;

import dev.starling.node.election.TriggerDecision.Reason;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, on the leader, when to open an election. Pure apart from its memory of when trouble
 * started and when it last fired; the leader calls {@link #evaluate} every second or so and is
 * expected to act on each decision it returns.
 *
 * <p>Urgent triggers (an operator request, a lost mixer) fire at once. The others respect a
 * cooldown, and the periodic re-evaluation only re-elects when the best non-mixer beats the worst
 * mixer by the hysteresis margin, so two near-equal candidates never swap back and forth.
 */
public final class ElectionTriggers {

    private final TriggerConfig config;
    private final Map<String, Instant> troubleSince = new HashMap<>();
    private Instant lastDecision;
    private Instant lastPeriodic;

    public ElectionTriggers(TriggerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Optional<TriggerDecision> evaluate(RoomObservation o) {
        Instant now = o.now();
        if (lastPeriodic == null) {
            lastPeriodic = now;
        }
        trackTrouble(o);
        Optional<TriggerDecision> d = decide(o);
        d.ifPresent(x -> {
            lastDecision = now;
            lastPeriodic = now;
            // A new topology deserves a fresh chance before trouble counts against it again.
            troubleSince.replaceAll((peer, since) -> now);
        });
        return d;
    }

    private Optional<TriggerDecision> decide(RoomObservation o) {
        int size = o.members().size();
        boolean mesh = o.mixers().isEmpty();
        if (o.operatorMixers().isPresent()) {
            int n = o.operatorMixers().getAsInt();
            return decision(Reason.OPERATOR, n <= 0 ? 0 : Math.min(n, Math.max(1, size - 1)), "operator request");
        }
        if (!mesh) {
            for (String mixer : o.mixers()) {
                if (!o.members().contains(mixer)) {
                    if (size <= config.meshReturnSize()) {
                        return decision(Reason.BACK_TO_MESH, 0, "mixer " + mixer + " left; room small enough");
                    }
                    return decision(
                            Reason.MIXER_LEFT, mixersFor(size, o.mixers().size()), "mixer " + mixer + " left");
                }
            }
        }
        if (coolingDown(o.now())) {
            return Optional.empty();
        }
        if (mesh && size > config.meshThreshold()) {
            return decision(
                    Reason.ROOM_SIZE,
                    mixersFor(size, config.defaultMixers()),
                    size + " members > mesh threshold " + config.meshThreshold());
        }
        if (!mesh && size <= config.meshReturnSize()) {
            return decision(Reason.BACK_TO_MESH, 0, size + " members <= " + config.meshReturnSize());
        }
        Optional<TriggerDecision> quality = sustainedTrouble(o, mesh, size);
        if (quality.isPresent()) {
            return quality;
        }
        return periodic(o);
    }

    private Optional<TriggerDecision> sustainedTrouble(RoomObservation o, boolean mesh, int size) {
        // Mixers need at least one client to help: with two peers there is nothing to elect.
        if (size < 3) {
            return Optional.empty();
        }
        String worst = null;
        for (Map.Entry<String, Instant> e : new java.util.TreeMap<>(troubleSince).entrySet()) {
            if (!e.getValue().plus(config.troubleSustain()).isAfter(o.now())) {
                worst = e.getKey();
                break;
            }
        }
        if (worst == null) {
            return Optional.empty();
        }
        int n = mesh ? config.defaultMixers() : o.mixers().size();
        return decision(
                Reason.QUALITY,
                mixersFor(size, n),
                "peer " + worst + " in quality trouble for "
                        + config.troubleSustain().toSeconds() + " s");
    }

    private Optional<TriggerDecision> periodic(RoomObservation o) {
        if (o.mixers().isEmpty() || o.now().isBefore(lastPeriodic.plus(config.periodicInterval()))) {
            return Optional.empty();
        }
        lastPeriodic = o.now();
        double worstMixer = Double.POSITIVE_INFINITY;
        for (String m : o.mixers()) {
            Double s = o.scores().get(m);
            if (s == null) {
                return Optional.empty();
            }
            worstMixer = Math.min(worstMixer, s);
        }
        String bestPeer = null;
        double best = Double.NEGATIVE_INFINITY;
        for (String peer : new java.util.TreeSet<>(o.members())) {
            Double s = o.scores().get(peer);
            if (!o.mixers().contains(peer) && s != null && s > best) {
                best = s;
                bestPeer = peer;
            }
        }
        if (bestPeer != null && best > worstMixer * (1 + config.hysteresisMargin())) {
            return decision(
                    Reason.PERIODIC,
                    o.mixers().size(),
                    String.format(
                            java.util.Locale.ROOT,
                            "%s scores %.1f > worst mixer %.1f + %.0f %%",
                            bestPeer,
                            best,
                            worstMixer,
                            config.hysteresisMargin() * 100));
        }
        return Optional.empty();
    }

    private void trackTrouble(RoomObservation o) {
        troubleSince.keySet().retainAll(o.troubledPeers());
        troubleSince.keySet().retainAll(o.members());
        for (String peer : o.troubledPeers()) {
            if (o.members().contains(peer)) {
                troubleSince.putIfAbsent(peer, o.now());
            }
        }
    }

    private boolean coolingDown(Instant now) {
        return lastDecision != null && now.isBefore(lastDecision.plus(config.cooldown()));
    }

    /** Never more mixers than leaves at least one client. */
    private static int mixersFor(int size, int wanted) {
        return Math.max(1, Math.min(wanted, size - 1));
    }

    private static Optional<TriggerDecision> decision(Reason reason, int mixers, String detail) {
        return Optional.of(new TriggerDecision(reason, mixers, detail));
    }
}
