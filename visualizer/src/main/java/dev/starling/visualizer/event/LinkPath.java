package dev.starling.visualizer.event;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a media link gets through the network, as its receiving end reports it: the ICE candidate
 * type at each end ({@code host}, {@code srflx} through a NAT's mapping, {@code prflx} learned
 * from a check, {@code relay} through TURN), the transport protocol, and the link's state, which
 * is {@code reconnecting} while ICE restarts after the path was lost. Empty strings mean "not
 * known yet" (before ICE selected a pair, or from a node that does not report it).
 */
public record LinkPath(String fromCandidate, String toCandidate, String protocol, String state) {
    public static final Set<String> CANDIDATE_TYPES = Set.of("host", "srflx", "prflx", "relay", "unknown");
    public static final Set<String> PROTOCOLS = Set.of("udp", "tcp");
    public static final Set<String> STATES =
            Set.of("new", "connecting", "connected", "reconnecting", "disconnected", "failed", "closed");
    public static final LinkPath UNKNOWN = new LinkPath("", "", "", "");

    public LinkPath {
        Objects.requireNonNull(fromCandidate, "fromCandidate");
        Objects.requireNonNull(toCandidate, "toCandidate");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(state, "state");
        check(fromCandidate, CANDIDATE_TYPES, "fromCandidate");
        check(toCandidate, CANDIDATE_TYPES, "toCandidate");
        check(protocol, PROTOCOLS, "protocol");
        check(state, STATES, "state");
    }

    private static void check(String value, Set<String> allowed, String field) {
        if (!value.isEmpty() && !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed + " or empty");
        }
    }

    public boolean relayed() {
        return "relay".equals(fromCandidate) || "relay".equals(toCandidate);
    }

    public boolean reconnecting() {
        return "reconnecting".equals(state);
    }

    /** "srflx → relay (udp)", or empty before ICE chose a pair. */
    public Optional<String> route() {
        if (fromCandidate.isEmpty() || toCandidate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromCandidate + " → " + toCandidate + (protocol.isEmpty() ? "" : " (" + protocol + ")"));
    }
}
