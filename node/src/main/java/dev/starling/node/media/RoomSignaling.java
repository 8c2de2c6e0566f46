package dev.starling.node.media;

import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.Room;
import dev.starling.node.room.RoomSendException;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.MediaSignal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries WebRTC signaling over the room and keeps the media mesh in step with the membership:
 * every member gets a peer connection when it appears and loses it when it goes.
 *
 * <p>Signals are unicast envelopes; JGroups keeps them in order per sender, which the engine's
 * perfect-negotiation logic relies on. They leave through one sending thread of their own, in
 * order: libwebrtc hands us candidates on its signaling thread, and a room send may block (flow
 * control, or a rendezvous connection stalled while the network is down), which must never hold
 * up libwebrtc and with it every call into the connection.
 */
public final class RoomSignaling implements SignalingTransport, MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(RoomSignaling.class);

    private final Room room;
    private final java.util.concurrent.Executor outbox;
    private final Set<String> departed = ConcurrentHashMap.newKeySet();
    private MediaEngine engine;

    /** @param outbox a single thread, so signals leave in the order they were made */
    public RoomSignaling(Room room, java.util.concurrent.Executor outbox) {
        this.room = room;
        this.outbox = outbox;
    }

    /** Connects the engine; envelopes and view changes reach it from now on. */
    public void attach(MediaEngine mediaEngine) {
        this.engine = mediaEngine;
        room.on(Envelope.BodyCase.MEDIA_SIGNAL, envelope -> {
            // Every sender holds the room key, but a late signal from a member that has left would
            // reopen its link. A newcomer's first offer, though, may overtake the view that lists it,
            // so only known departures are turned away, not senders missing from the view.
            if (!departed.contains(envelope.getSender())) {
                engine.onSignal(envelope.getSender(), envelope.getMediaSignal());
            }
        });
        room.membership().addListener(this);
    }

    @Override
    public void send(String peerId, MediaSignal signal) {
        try {
            outbox.execute(() -> sendNow(peerId, signal));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("signal to {} dropped: the node is stopping", peerId);
        }
    }

    private void sendNow(String peerId, MediaSignal signal) {
        try {
            if (!room.sendTo(peerId, Envelope.newBuilder().setMediaSignal(signal))) {
                log.debug("signal to {} dropped: not in the room", peerId);
            }
        } catch (RoomSendException e) {
            log.debug("signal to {} not sent: {}", peerId, e.getMessage());
        }
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        for (Departure departure : departed) {
            this.departed.add(departure.member().id());
            engine.hangup(departure.member().id());
        }
        // A member that comes back (a restart, a healed partition) may signal again.
        joined.forEach(member -> this.departed.remove(member.id()));
        for (Member member : view.members()) {
            if (!member.id().equals(view.selfId())) {
                // Idempotent for existing links; after a merge it reconnects peers we lost sight of.
                engine.connect(member.id());
            }
        }
    }
}
