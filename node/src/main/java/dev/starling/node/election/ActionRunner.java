package dev.starling.node.election;

import dev.starling.node.election.ElectionAction.AdoptResult;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.BroadcastStart;
import dev.starling.node.election.ElectionAction.ExcludePeer;
import dev.starling.node.election.ElectionAction.LeaderLost;
import dev.starling.node.election.ElectionAction.PublishResult;
import dev.starling.node.election.ElectionAction.ResultMissing;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the pure {@link Election}: an event goes in, and every action that comes out
 * is carried out before the next event, each on its own, so that one failed send neither loses the
 * actions after it nor stops the loop (the election's timeouts cover the lost message).
 */
final class ActionRunner {
    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

    private final Election election;
    private final PhaseTimes times;
    private final ElectionWire wire;
    private final ElectionProbes probes;
    private final Adoption adoption;
    private final LeaderDuties leader;
    private final Clock clock;

    ActionRunner(
            Election election,
            PhaseTimes times,
            ElectionWire wire,
            ElectionProbes probes,
            Adoption adoption,
            LeaderDuties leader,
            Clock clock) {
        this.election = election;
        this.times = times;
        this.wire = wire;
        this.probes = probes;
        this.adoption = adoption;
        this.leader = leader;
        this.clock = clock;
    }

    /** Feeds {@code event} to the election and carries out the actions it returns, in order. */
    void handle(ElectionEvent event) {
        List<ElectionAction> actions = election.handle(event);
        times.observe(election.number(), election.phase(), clock.instant());
        for (ElectionAction a : actions) {
            try {
                execute(a);
            } catch (RuntimeException ex) {
                log.warn("election action {} failed: {}", a.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    private void execute(ElectionAction action) {
        if (action instanceof BroadcastStart a) {
            wire.broadcastStart(a);
        } else if (action instanceof SendProbe a) {
            probes.probe(a.to(), a.number());
        } else if (action instanceof SendProbeResponse a) {
            wire.sendProbeResponse(a);
        } else if (action instanceof BroadcastPoints a) {
            wire.broadcastPoints(a);
        } else if (action instanceof PublishResult a) {
            wire.broadcastResult(a.outcome());
        } else if (action instanceof AdoptResult a) {
            probes.forgetBefore(a.outcome().number());
            adoption.adopt(a.outcome(), a.agreement().name().toLowerCase(Locale.ROOT));
        } else if (action instanceof ExcludePeer a) {
            log.info("election {}: {} left out ({})", a.number(), a.peer(), a.reason());
        } else if (action instanceof LeaderLost a) {
            log.info("election {}: leader {} left before the result", a.number(), a.leader());
            leader.restartIfLeader(a.number(), "leader-lost");
        } else if (action instanceof ResultMissing a) {
            log.info("election {}: no result from {} in time", a.number(), a.leader());
            leader.restartIfLeader(a.number(), "result-missing");
        }
    }
}
