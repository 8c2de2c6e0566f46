package dev.starling.node.election;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that can happen to an {@link Election}. The networked layer turns received protobuf
 * messages and local facts into these; the peer id of a received message is the envelope sender.
 * A node's own broadcasts must not be fed back to it: the election records them itself.
 */
public sealed interface ElectionEvent {

    /** Local command on the room leader: open a new election with a fresh, higher number. */
    record Begin(int mixers, Set<String> members, String policy, String trigger, RttMatrix rtt)
            implements ElectionEvent {
        public Begin {
            if (mixers < 1) {
                throw new IllegalArgumentException("mixers must be >= 1: " + mixers);
            }
            members = Set.copyOf(members);
            Objects.requireNonNull(policy);
            Objects.requireNonNull(trigger);
            Objects.requireNonNull(rtt);
        }
    }

    /** {@code ElectionStart} received from {@code leader}; {@code members} is the current room view. */
    record StartReceived(String leader, long number, int mixers, String policy, Set<String> members)
            implements ElectionEvent {
        public StartReceived {
            Objects.requireNonNull(leader);
            members = Set.copyOf(members);
            Objects.requireNonNull(policy);
        }
    }

    /**
     * A peer's gossiped metrics summary.
     *
     * @param avgEncodeMs used for this node's own probe responses when {@code peer} is itself
     */
    record MetricsUpdated(String peer, double avgBitrateKbps, double avgEncodeMs, double cpuCores, int reportCount)
            implements ElectionEvent {}

    /** A 2 MiB probe from {@code from} fully received; {@code measuredMbps} is its transfer speed. */
    record ProbeReceived(String from, long number, double measuredMbps) implements ElectionEvent {}

    record ProbeResponseReceived(String from, long number, double speedMbps, double avgEncodeMs)
            implements ElectionEvent {}

    /** @param candidate whether the sender stands as a mixer */
    record PointsReceived(String from, long number, List<Points> points, boolean candidate) implements ElectionEvent {
        public PointsReceived {
            points = List.copyOf(points);
        }

        public PointsReceived(String from, long number, List<Points> points) {
            this(from, number, points, true);
        }
    }

    record ResultReceived(String from, ElectionOutcome outcome) implements ElectionEvent {}

    record MemberLeft(String peer) implements ElectionEvent {}

    /** Periodic wake-up so that timeouts fire; the time comes from the election's clock. */
    record Tick() implements ElectionEvent {}
}
