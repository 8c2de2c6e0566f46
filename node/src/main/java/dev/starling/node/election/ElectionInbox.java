package dev.starling.node.election;

import dev.starling.protocol.v1.ElectionResult;
import dev.starling.protocol.v1.ElectionStart;
import dev.starling.protocol.v1.Envelope;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the room's election messages into election events. {@link Election} trusts whoever sends
 * it a start or a result; who may open and close elections depends on the room (only its leader),
 * so that is judged here, against the current view, before anything reaches the election. A start
 * or result from a member of another partition is not simply dropped: it means the room holds
 * two leaders' elections, and the leader is told so it can renumber.
 */
final class ElectionInbox {
    private static final Logger log = LoggerFactory.getLogger(ElectionInbox.class);

    private final Election election;
    private final RoomMembers members;
    private final ElectionStarts starts;
    private final Adoption adoption;
    private final LeaderDuties leader;
    private final ElectionProbes probes;
    private final ElectionWire wire;
    private final Consumer<ElectionEvent> feed;

    /** @param feed hands an event to the election and carries out its actions */
    ElectionInbox(
            Election election,
            RoomMembers members,
            ElectionStarts starts,
            Adoption adoption,
            LeaderDuties leader,
            ElectionProbes probes,
            ElectionWire wire,
            Consumer<ElectionEvent> feed) {
        this.election = election;
        this.members = members;
        this.starts = starts;
        this.adoption = adoption;
        this.leader = leader;
        this.probes = probes;
        this.wire = wire;
        this.feed = feed;
    }

    /** A room message of one of the five election kinds. */
    void receive(Envelope e) {
        String from = e.getSender();
        switch (e.getBodyCase()) {
            case ELECTION_START -> start(from, e.getElectionStart());
            case ELECTION_PROBE -> probes.chunkReceived(e).ifPresent(feed);
            case ELECTION_PROBE_RESPONSE -> probes.responseReceived(e).ifPresent(feed);
            case ELECTION_POINTS -> feed.accept(ElectionMessages.fromProto(from, e.getElectionPoints()));
            case ELECTION_RESULT -> result(from, e.getElectionResult());
            default -> log.debug("not an election message: {}", e.getBodyCase());
        }
    }

    private void start(String from, ElectionStart m) {
        if (!members.isLeader(from)) {
            log.info("ignored election start {} from {}: not the room leader", m.getNumber(), from);
            return;
        }
        ElectionOutcome adopted = adoption.current();
        if (adopted != null && m.getNumber() <= adopted.number() && !from.equals(adopted.leader())) {
            // The room leader numbers below what we adopted from another leader (we were in
            // another partition). Election would ignore it as stale; tell the leader instead.
            log.info(
                    "election start {} from {} is behind our election {}; telling it",
                    m.getNumber(),
                    from,
                    adopted.number());
            wire.sendResult(from, adopted);
            return;
        }
        // Same number from a lower leader id wins in Election, so its trigger is the one to keep.
        boolean supersedes = m.getNumber() > election.number()
                || (m.getNumber() == election.number()
                        && election.leader().map(l -> from.compareTo(l) < 0).orElse(true));
        if (supersedes) {
            starts.remember(m.getNumber(), m.getTrigger(), Math.max(1, m.getMixers()));
        }
        feed.accept(ElectionMessages.fromProto(from, m, members.ids()));
    }

    private void result(String from, ElectionResult m) {
        if (members.isLeader() && !from.equals(members.self())) {
            // Only a member still holding another leader's election sends us a result.
            leader.heldElsewhere(m.getNumber());
            return;
        }
        if (!members.isLeader(from)) {
            log.info("ignored election result {} from {}: not the room leader", m.getNumber(), from);
            return;
        }
        feed.accept(ElectionMessages.fromProto(from, m));
    }
}
