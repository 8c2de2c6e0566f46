package dev.starling.node.room;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node reaches its room: where it listens, whom it asks first, and whether all traffic goes
 * through a rendezvous (GossipRouter) instead of direct TCP.
 */
public record RoomConfig(
        String roomId,
        HostPort bind,
        List<HostPort> bootstrapPeers,
        Optional<HostPort> rendezvous,
        RoomTimeouts timeouts) {

    public RoomConfig {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(bind, "bind");
        bootstrapPeers = List.copyOf(bootstrapPeers);
        Objects.requireNonNull(rendezvous, "rendezvous");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /**
     * Failure-detection and discovery timings. The defaults detect a killed member in about a
     * second on a LAN (measured 0.86-0.95 s with JGroups 5.5.7, see notes/jgroups.md), and keep a
     * member whose network drops for a few seconds in the room while its media reconnects.
     */
    public record RoomTimeouts(
            long joinMillis,
            long heartbeatIntervalMillis,
            long hungAfterMillis,
            long verifyMillis,
            long mergeMinMillis,
            long mergeMaxMillis) {
        /**
         * A crashed process closes its sockets (FD_SOCK2, sub-second); a hung or unreachable one
         * misses heartbeats for 10 s, twice the network drop a member rides out.
         */
        public static RoomTimeouts defaults() {
            return new RoomTimeouts(2_000, 1_000, 10_000, 300, 2_000, 4_000);
        }
    }
}
