package dev.starling.node.room;

import dev.starling.node.events.LiveEvents;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.PeerGoodbye;
import dev.starling.protocol.v1.PeerHello;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the room who this node is and learns who the others are.
 *
 * <p>A joiner announces itself to everyone; existing members answer the joiner alone, so
 * everybody learns every name and join time with one message per pair. A goodbye before leaving
 * lets the others log a leave rather than a crash. Membership changes go out as live events.
 */
public final class Presence implements MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    private static final int MAX_NAME_CHARS = 256;
    private static final int MAX_FIELD_CHARS = 128;
    private static final java.util.Set<String> ROLES = java.util.Set.of("mesh", "client", "mixer");

    private final Room room;
    private final SelfDescription self;
    private final LiveEvents events;
    private final Executor sender;

    /** What this node says about itself in its hello. */
    public record SelfDescription(
            String name, long joinedAtMillis, String agent, String apiAddress, byte[] publicKey) {}

    public Presence(Room room, SelfDescription self, LiveEvents events, Executor sender) {
        this.room = room;
        this.self = self;
        this.events = events;
        this.sender = sender;
        room.on(Envelope.BodyCase.HELLO, this::onHello);
        room.on(Envelope.BodyCase.GOODBYE, envelope -> room.membership().applyGoodbye(envelope.getSender()));
        room.membership().applyHello(room.selfId(), self.name(), self.joinedAtMillis(), "mesh", self.apiAddress());
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        boolean selfJoined = joined.stream().anyMatch(m -> m.id().equals(view.selfId()));
        if (selfJoined || merged) {
            sender.execute(() -> room.broadcast(hello()));
        } else {
            for (Member member : joined) {
                sender.execute(() -> room.sendTo(member.id(), hello()));
            }
        }
        for (Member member : joined) {
            publishPeer(member.id(), member.name(), member.role());
            if (!member.id().equals(view.selfId())) {
                events.publish("LinkStats", Map.of("from", view.selfId(), "to", member.id(), "kind", "control"));
            }
        }
        for (Departure departure : departed) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("peerId", departure.member().id());
            fields.put("name", departure.member().name());
            fields.put("clean", departure.clean());
            events.publish("PeerLeft", fields);
        }
        if (leaderChanged) {
            events.publish("LeaderChanged", Map.of("peerId", view.leaderId()));
        }
    }

    /** Says goodbye so the others log a leave, not a crash. Best effort. */
    public void sayGoodbye(String reason) {
        try {
            room.broadcast(
                    Envelope.newBuilder().setGoodbye(PeerGoodbye.newBuilder().setReason(reason)));
        } catch (RuntimeException e) {
            log.debug("goodbye not sent: {}", e.toString());
        }
    }

    private Envelope.Builder hello() {
        Member me = room.membership().snapshot().member(room.selfId()).orElse(null);
        String role = me == null ? "mesh" : me.role();
        return Envelope.newBuilder()
                .setHello(PeerHello.newBuilder()
                        .setPeerId(room.selfId())
                        .setDisplayName(self.name())
                        .setJoinedAtMicros(self.joinedAtMillis() * 1_000)
                        .setAgent(self.agent())
                        .setApiAddress(self.apiAddress())
                        .setPublicKey(com.google.protobuf.ByteString.copyFrom(self.publicKey()))
                        .setRole(role));
    }

    private void onHello(Envelope envelope) {
        PeerHello hello = envelope.getHello();
        if (!hello.getPeerId().equals(envelope.getSender())) {
            log.warn("dropped hello from {} claiming to be {}", envelope.getSender(), hello.getPeerId());
            return;
        }
        // Clip rather than drop: an absurd name is still a member, and every view escapes it.
        String name = clip(hello.getDisplayName(), MAX_NAME_CHARS);
        String role = ROLES.contains(hello.getRole()) ? hello.getRole() : "mesh";
        room.membership()
                .applyHello(
                        hello.getPeerId(),
                        name,
                        hello.getJoinedAtMicros() / 1_000,
                        role,
                        clip(hello.getApiAddress(), MAX_FIELD_CHARS));
        publishPeer(hello.getPeerId(), name, role);
    }

    /** A (re-)announcement of a peer; repeated when its hello brings name and role. */
    private void publishPeer(String peerId, String name, String role) {
        events.publish("PeerJoined", Map.of("peerId", peerId, "name", name, "role", role));
    }

    private static String clip(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars);
    }
}
