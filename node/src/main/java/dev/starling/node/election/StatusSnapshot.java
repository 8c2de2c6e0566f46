package dev.starling.node.election;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/election}'s view of this node. An operator wants each peer's inputs whether or
 * not this node measured them in an election, so a peer's figures come from the election when it
 * measured them and from the metrics window otherwise; that merge is the only logic here.
 */
final class StatusSnapshot {

    private final ElectionService.Settings settings;
    private final Election election;
    private final RoomMembers members;
    private final MetricsFeed metrics;
    private final Adoption adoption;
    private final LeaderDuties leader;

    StatusSnapshot(
            ElectionService.Settings settings,
            Election election,
            RoomMembers members,
            MetricsFeed metrics,
            Adoption adoption,
            LeaderDuties leader) {
        this.settings = settings;
        this.election = election;
        this.members = members;
        this.metrics = metrics;
        this.adoption = adoption;
        this.leader = leader;
    }

    /** On the loop. */
    ElectionStatus take() {
        String self = members.self();
        Map<String, PeerCapability> measured = election.measuredCapabilities();
        List<Points> mine = election.pointsBySender().getOrDefault(self, List.of());
        Map<String, Double> totals = new HashMap<>();
        election.localRanking().ifPresent(r -> r.peers().forEach(p -> totals.put(p.peerId(), p.total())));
        Map<String, ElectionStatus.PeerInputs> peers = new TreeMap<>();
        for (String peer : members.ids()) {
            PeerCapability c = measured.get(peer);
            var w = metrics.current(peer);
            Double kbps = c != null
                    ? nullIfNaN(c.avgBitrateKbps())
                    : w.map(x -> x.avgBitrateKbps()).orElse(null);
            Double enc = c != null
                    ? nullIfNaN(c.avgEncodeMs())
                    : w.map(x -> x.avgEncodeMs()).orElse(null);
            Points p = mine.stream()
                    .filter(x -> x.peerId().equals(peer))
                    .findFirst()
                    .orElse(null);
            peers.put(
                    peer,
                    new ElectionStatus.PeerInputs(
                            kbps,
                            enc,
                            c == null ? null : nullIfNaN(c.throughputMbps()),
                            c != null
                                    ? nullIfNaN(c.cpuCores())
                                    : w.map(x -> nullIfNaN(x.cpuCores())).orElse(null),
                            w.map(ElectionEvent.MetricsUpdated::reportCount).orElse(0),
                            p,
                            totals.get(peer)));
        }
        ElectionOutcome adopted = adoption.current();
        var pinned = leader.pinned();
        return new ElectionStatus(
                self,
                members.leaderOr(self),
                members.isLeader(),
                adopted == null ? 0 : adopted.number(),
                election.phase().name().toLowerCase(Locale.ROOT),
                adopted == null ? settings.policy() : adopted.policy(),
                settings.policy(),
                pinned.isPresent() ? pinned.getAsInt() : null,
                settings.election().candidate(),
                List.copyOf(election.declined()),
                adopted == null ? "mesh" : adopted.roleOf(self),
                adopted == null ? List.of() : adopted.mixers(),
                adopted == null ? Map.of() : adopted.assignment(),
                adopted == null ? Map.of() : adopted.backups(),
                adoption.adoptedScores(),
                peers,
                adoption.history());
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
