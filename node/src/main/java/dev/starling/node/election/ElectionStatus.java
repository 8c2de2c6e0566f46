package dev.starling.node.election;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/election} shows: the adopted result, the inputs and points of the latest
 * election as this node measured them, and the history. Doubles that were not measured are null.
 *
 * @param number the number of the adopted election, 0 before the first
 * @param phase where this node is in the latest election
 * @param policy the adopted election's policy; {@code configuredPolicy} is what this node's own
 *     elections would use if it were the leader
 * @param pinnedMixers mixer count fixed by {@code --mixers} or an operator request, else null
 * @param candidate whether this node stands as a mixer
 * @param declined peers that did not stand as mixers in the latest election
 * @param peers per peer: its three inputs and the points this node gave it
 */
public record ElectionStatus(
        String self,
        String leader,
        boolean isLeader,
        long number,
        String phase,
        String policy,
        String configuredPolicy,
        Integer pinnedMixers,
        boolean candidate,
        List<String> declined,
        String role,
        List<String> mixers,
        Map<String, String> assignment,
        Map<String, String> backups,
        List<RankedPeer> scores,
        Map<String, PeerInputs> peers,
        List<ElectionRecord> history) {

    /**
     * @param cpuCores the CPU the peer may use, in cores, from its latest report, or null
     * @param reports metrics reports this node holds for the peer
     * @param points this node's points for the peer in the latest election, or null
     * @param total the peer's rank total (sum over all scorers), or null
     */
    public record PeerInputs(
            Double bitrateKbps,
            Double encodeMs,
            Double throughputMbps,
            Double cpuCores,
            int reports,
            Points points,
            Double total) {}
}
