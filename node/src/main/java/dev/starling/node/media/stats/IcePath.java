package dev.starling.node.media.stats;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The candidate pair a link's media flows over, from getStats: each end's candidate type ({@code
 * host}, {@code srflx} through a NAT's mapping, {@code prflx} learned from a check, {@code relay}
 * through TURN) and the transport protocol. This is how a user tells a direct path from a relayed
 * one.
 */
public record IcePath(String local, String remote, String protocol) {
    private static final Set<String> TYPES = Set.of("host", "srflx", "prflx", "relay");

    /**
     * The selected pair: the one the transport names, else a nominated pair whose checks
     * succeeded. Empty before ICE has chosen, or if the report lacks either candidate.
     */
    public static Optional<IcePath> selected(List<StatsEntry> entries) {
        Optional<StatsEntry> pair = entries.stream()
                .filter(e -> "transport".equals(e.type()))
                .map(e -> e.text("selectedCandidatePairId"))
                .filter(id -> !id.isEmpty())
                .findFirst()
                .flatMap(id -> byId(entries, "candidate-pair", id));
        if (pair.isEmpty()) {
            pair = entries.stream()
                    .filter(e -> "candidate-pair".equals(e.type()))
                    .filter(e -> "succeeded".equals(e.text("state"))
                            && Boolean.TRUE.equals(e.values().get("nominated")))
                    .findFirst();
        }
        return pair.flatMap(p -> {
            Optional<StatsEntry> local = byId(entries, "local-candidate", p.text("localCandidateId"));
            Optional<StatsEntry> remote = byId(entries, "remote-candidate", p.text("remoteCandidateId"));
            if (local.isEmpty() || remote.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IcePath(
                    type(local.get()), type(remote.get()), local.get().text("protocol")));
        });
    }

    private static Optional<StatsEntry> byId(List<StatsEntry> entries, String type, String id) {
        return entries.stream()
                .filter(e -> type.equals(e.type()) && e.id().equals(id))
                .findFirst();
    }

    private static String type(StatsEntry candidate) {
        String type = candidate.text("candidateType");
        return TYPES.contains(type) ? type : "unknown";
    }
}
