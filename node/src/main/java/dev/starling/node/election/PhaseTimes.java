package dev.starling.node.election;

import java.time.Instant;

/**
 * When this node's current election got its metrics and finished its probes, for the history's
 * timeline. The pure {@link Election} does not report phase changes, and one event may carry it
 * through several phases, so the service looks after every event for the first phase beyond each
 * milestone and notes the time once per election number.
 */
final class PhaseTimes {

    private long metricsReadyNumber;
    private Instant metricsReadyAt;
    private long probesDoneNumber;
    private Instant probesDoneAt;

    /** Notes the milestones the election has passed, if this is the first look at them. */
    void observe(long number, Election.Phase phase, Instant now) {
        if (phase == Election.Phase.IDLE) {
            return;
        }
        if (number != metricsReadyNumber && phase != Election.Phase.AWAITING_METRICS) {
            metricsReadyNumber = number;
            metricsReadyAt = now;
        }
        if (number != probesDoneNumber && phase != Election.Phase.AWAITING_METRICS && phase != Election.Phase.PROBING) {
            probesDoneNumber = number;
            probesDoneAt = now;
        }
    }

    /**
     * When the metrics were last ready, if that was not before {@code startedAt} (epoch ms), else
     * null: a node that missed the start cannot tell which election it belonged to.
     */
    Long metricsReadyAtMillis(Instant startedAt) {
        return startedAt != null && metricsReadyAt != null && !metricsReadyAt.isBefore(startedAt)
                ? metricsReadyAt.toEpochMilli()
                : null;
    }

    /** When election {@code number}'s probes were done (epoch ms), or null if this node did not probe in it. */
    Long probesDoneAtMillis(long number) {
        return probesDoneNumber == number && probesDoneAt != null ? probesDoneAt.toEpochMilli() : null;
    }
}
