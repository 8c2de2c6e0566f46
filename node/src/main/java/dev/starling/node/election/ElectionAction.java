package dev.starling.node.election;

import java.util.List;

/** What the networked layer must do as a consequence of an {@link ElectionEvent}. */
public sealed interface ElectionAction {

    /** Broadcast {@code ElectionStart}. */
    record BroadcastStart(long number, int mixers, String policy, String trigger) implements ElectionAction {}

    /** Send the 2 MiB {@code ElectionProbe} to one peer. */
    record SendProbe(String to, long number) implements ElectionAction {}

    /** Answer a probe with its measured speed and this node's own average encode time. */
    record SendProbeResponse(String to, long number, double speedMbps, double avgEncodeMs) implements ElectionAction {}

    /**
     * Broadcast {@code ElectionPoints}: the points this node gave every peer it could score, and
     * whether this node itself stands as a mixer.
     */
    record BroadcastPoints(long number, List<Points> points, boolean candidate) implements ElectionAction {
        public BroadcastPoints(long number, List<Points> points) {
            this(number, points, true);
        }
    }

    /** Leader only: broadcast {@code ElectionResult}. */
    record PublishResult(ElectionOutcome outcome) implements ElectionAction {}

    /** Switch the media topology to this outcome. */
    record AdoptResult(ElectionOutcome outcome, Agreement agreement) implements ElectionAction {}

    /** A peer is left out of this election (scoring or candidacy); informational. */
    record ExcludePeer(long number, String peer, ExclusionReason reason) implements ElectionAction {}

    /** The leader of an unfinished election left; the new leader should {@code Begin} again. */
    record LeaderLost(long number, String leader) implements ElectionAction {}

    /** A non-leader finished its ranking but no result came from the leader in time. */
    record ResultMissing(long number, String leader) implements ElectionAction {}

    /** Whether the leader's result names the same mixers as this node's own ranking. */
    enum Agreement {
        AGREES,
        DIFFERS,
        NOT_COMPUTED
    }

    enum ExclusionReason {
        NOT_ENOUGH_REPORTS,
        NO_PROBE_RESPONSE,
        NO_POINTS,
        LEFT,
        /** The peer does not stand as a mixer; it is still a scorer and a client. */
        DECLINED
    }
}
