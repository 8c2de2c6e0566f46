package dev.starling.visualizer.event;

/**
 * One change in the room as the node reports it. Every event carries its own wall-clock time
 * ({@code at}, epoch ms) so the model can replay history in the order the node observed it,
 * independent of when the visualizer happened to receive it.
 */
public sealed interface TopologyEvent
        permits PeerJoined,
                PeerLeft,
                RoleChanged,
                LeaderChanged,
                LinkStats,
                LinkClosed,
                PeerMetrics,
                CallStateChanged,
                ElectionFinished {

    long at();

    /** The wire name used in the JSON {@code "type"} field. */
    default String type() {
        return getClass().getSimpleName();
    }
}
