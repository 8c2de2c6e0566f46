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
 *
 * <p>A signal to a peer this node's view does not list yet waits in {@link EarlySignals} until
 * the view names it: a newcomer gets the members' offers before its own view is installed.
 */
public final class RoomSignaling implements SignalingTransport, MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(RoomSignaling.class);
    private static final int MAX_EARLY_PEERS = 32;
    /** An offer or answer and its candidates, with room to spare. */
    private static final int MAX_EARLY_SIGNALS = 64;
    /** A view takes well under a second to reach every member; a peer still missing after this is not coming. */
    private static final long EARLY_SIGNAL_MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(15);

    private final Room room;
    private final java.util.concurrent.Executor outbox;
    private final Set<String> departed = ConcurrentHashMap.newKeySet();
    /** Owned by the outbox thread. */
    private final EarlySignals<MediaSignal> early =
            new EarlySignals<>(MAX_EARLY_PEERS, MAX_EARLY_SIGNALS, EARLY_SIGNAL_MAX_AGE_NANOS, System::nanoTime);

    private SignalingEndpoint engine;

    /** @param outbox a single thread, so signals leave in the order they were made */
    public RoomSignaling(Room room, java.util.concurrent.Executor outbox) {
        this.room = room;
        this.outbox = outbox;
    }

    /** Connects the engine; envelopes and view changes reach it from now on. */
    public void attach(SignalingEndpoint mediaEngine) {
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
        onOutbox(() -> sendNow(peerId, signal));
    }

    /** Outbox thread. */
    private void sendNow(String peerId, MediaSignal signal) {
        if (departed.contains(peerId)) {
            return;
        }
        try {
            if (early.holding(peerId)
                    || !room.sendTo(peerId, Envelope.newBuilder().setMediaSignal(signal))) {
                if (early.hold(peerId, signal)) {
                    log.debug("signal to {} held: not in this node's view yet", peerId);
                } else {
                    log.debug("signal to {} dropped: not in the room, and too many signals wait", peerId);
                }
            }
        } catch (RoomSendException e) {
            log.debug("signal to {} not sent: {}", peerId, e.getMessage());
        }
    }

    /** Outbox thread: the view lists the peer now. */
    private void release(String peerId) {
        List<MediaSignal> waiting = early.release(peerId);
        if (!waiting.isEmpty()) {
            log.debug("{} held signal(s) to {} released", waiting.size(), peerId);
        }
        waiting.forEach(signal -> sendNow(peerId, signal));
    }

    private void onOutbox(Runnable task) {
        try {
            outbox.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("signaling task dropped: the node is stopping");
        }
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        for (Departure departure : departed) {
            String id = departure.member().id();
            this.departed.add(id);
            engine.hangup(id);
            onOutbox(() -> early.forget(id));
        }
        // A member that comes back (a restart, a healed partition) may signal again.
        joined.forEach(member -> this.departed.remove(member.id()));
        for (Member member : view.members()) {
            if (!member.id().equals(view.selfId())) {
                onOutbox(() -> release(member.id()));
                // Idempotent for existing links; after a merge it reconnects peers we lost sight of.
                engine.connect(member.id());
            }
        }
    }
}
