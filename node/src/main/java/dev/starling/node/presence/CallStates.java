package dev.starling.node.presence;

import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.Room;
import dev.starling.node.room.RoomSendException;
import dev.starling.protocol.v1.CallStateUpdate;
import dev.starling.protocol.v1.Envelope;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows every member's call state (microphone, camera, screen), this node's included.
 *
 * <p>This node's own state goes to the room when it changes, to each member that joins later, and
 * to everyone after a merge. A received state is filed under the envelope's sender, which the room
 * has already checked against the member that signed and sent it, so no member can set another's
 * state. Each member numbers its states; a number not above the last one known is ignored, so
 * updates that arrive out of order never roll a state back. A member that leaves is forgotten.
 * Every change goes out as a {@value #EVENT} live event.
 */
public final class CallStates implements MembershipListener {
    /** The live event type: {@code peerId}, {@code audio}, {@code video}, {@code screen}. */
    public static final String EVENT = "CallStateChanged";

    private static final Logger log = LoggerFactory.getLogger(CallStates.class);

    private final String selfId;
    private final Outbox outbox;
    private final LiveEvents events;
    private final Executor sender;
    private final Clock clock;
    private final Map<String, Numbered> known = new HashMap<>();

    /** Where this node's states go: the room, or a fake in tests. */
    public interface Outbox {
        void broadcast(Envelope.Builder body);

        /** Returns false if the member is not in the current view. */
        boolean sendTo(String peerId, Envelope.Builder body);

        static Outbox of(Room room) {
            return new Outbox() {
                @Override
                public void broadcast(Envelope.Builder body) {
                    room.broadcast(body);
                }

                @Override
                public boolean sendTo(String peerId, Envelope.Builder body) {
                    return room.sendTo(peerId, body);
                }
            };
        }
    }

    private record Numbered(CallState state, long sequence) {}

    /**
     * Starts with this node's state {@link CallState#NONE} until {@link #publish} says otherwise.
     *
     * @param sender runs the sends, so neither a caller nor the membership thread waits on the network
     */
    public CallStates(String selfId, Outbox outbox, LiveEvents events, Executor sender, Clock clock) {
        this.selfId = selfId;
        this.outbox = outbox;
        this.events = events;
        this.sender = sender;
        this.clock = clock;
        known.put(selfId, new Numbered(CallState.NONE, firstSequence()));
    }

    /** Sets this node's own state and tells the room if it differs from the last one. */
    public synchronized void publish(CallState own) {
        Numbered current = known.get(selfId);
        if (current.state().equals(own)) {
            return;
        }
        Numbered next = new Numbered(own, Math.max(current.sequence() + 1, firstSequence()));
        known.put(selfId, next);
        announce(null, next);
        changed(selfId, own);
    }

    /**
     * Tells the room this node's state again, under the same number (members that have it ignore
     * it). A change that a member missed (sent while a view changed, or lost with a connection)
     * reaches it by the next refresh instead of the next change, which may be minutes away.
     */
    public synchronized void refresh() {
        announce(null, known.get(selfId));
    }

    /** The last state known for a member, or {@link CallState#NONE} until it has said one. */
    public synchronized CallState of(String peerId) {
        Numbered numbered = known.get(peerId);
        return numbered == null ? CallState.NONE : numbered.state();
    }

    /** Room handler for {@link Envelope.BodyCase#CALL_STATE}. */
    public void onEnvelope(Envelope envelope) {
        String peerId = envelope.getSender();
        CallStateUpdate update = envelope.getCallState();
        Optional<CallState> state = CallStateMessages.fromWire(update);
        if (state.isEmpty()) {
            log.debug("dropped a call state from {} with an unknown device value", peerId);
            return;
        }
        synchronized (this) {
            if (peerId.equals(selfId)) {
                return; // the room never delivers our own messages; a copy of one changes nothing
            }
            Numbered previous = known.get(peerId);
            if (previous != null && update.getSequence() <= previous.sequence()) {
                return;
            }
            known.put(peerId, new Numbered(state.get(), update.getSequence()));
            if (previous == null || !previous.state().equals(state.get())) {
                changed(peerId, state.get());
            }
        }
    }

    @Override
    public synchronized void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        boolean selfJoined = joined.stream().anyMatch(m -> m.id().equals(selfId));
        Numbered own = known.get(selfId);
        if (selfJoined || merged) {
            announce(null, own);
        } else {
            for (Member member : joined) {
                announce(member.id(), own);
            }
        }
        for (Departure departure : departed) {
            known.remove(departure.member().id());
        }
        // The view learns of a peer from its join event; repeat what we already know about it after that.
        for (Member member : joined) {
            Numbered state = known.get(member.id());
            if (state != null) {
                changed(member.id(), state.state());
            }
        }
    }

    /** Sends to one member, or to all when {@code peerId} is null. Called under the lock so sends keep their order. */
    private void announce(String peerId, Numbered own) {
        Envelope.Builder body =
                Envelope.newBuilder().setCallState(CallStateMessages.toWire(own.state(), own.sequence()));
        Runnable send = () -> {
            try {
                if (peerId == null) {
                    outbox.broadcast(body);
                } else {
                    outbox.sendTo(peerId, body);
                }
            } catch (RoomSendException e) {
                // Before the join, or while leaving: the join (or the next change) announces it.
                log.debug("call state not sent: {}", e.toString());
            }
        };
        try {
            sender.execute(send);
        } catch (RejectedExecutionException e) {
            log.debug("call state not sent: the node is closing");
        }
    }

    private void changed(String peerId, CallState state) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("peerId", peerId);
        fields.putAll(state.asText());
        events.publish(EVENT, fields);
    }

    /**
     * Numbers start from the clock (in microseconds) rather than from 1, so a node that restarts
     * and rejoins before the others have noticed it leave is still ahead of its old numbers.
     */
    private long firstSequence() {
        return TimeUnit.MILLISECONDS.toMicros(clock.millis());
    }
}
