package dev.starling.node.election;

import java.util.List;
import java.util.Map;

/**
 * One finished election as this node saw it, for {@code GET /api/election}'s history.
 *
 * @param trigger why the leader opened it; empty if this node only saw the result
 * @param startedAtMillis when this node saw the start (epoch ms); null if it missed the start
 * @param metricsReadyAtMillis when this node had the metrics it waited for; null if it did not wait
 * @param probesDoneAtMillis when this node's own probes had all answered or timed out; null if it did not probe
 * @param durationMs start to adoption of the result at this node; null without a start
 * @param agreement whether the leader's mixers match this node's own ranking
 */
public record ElectionRecord(
        long number,
        String leader,
        String trigger,
        String policy,
        List<String> mixers,
        Map<String, String> assignment,
        Map<String, String> backups,
        List<RankedPeer> scores,
        String agreement,
        Long startedAtMillis,
        Long metricsReadyAtMillis,
        Long probesDoneAtMillis,
        long finishedAtMillis,
        Long durationMs) {

    public ElectionRecord {
        mixers = List.copyOf(mixers);
        assignment = Map.copyOf(assignment);
        backups = Map.copyOf(backups);
        scores = List.copyOf(scores);
    }
}
