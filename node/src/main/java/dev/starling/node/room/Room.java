package dev.starling.node.room;

import dev.starling.node.identity.PeerIdentity;
import dev.starling.node.identity.PeerSigner;
import dev.starling.protocol.Decoded;
import dev.starling.protocol.EnvelopeCodec;
import dev.starling.protocol.WireVersion;
import dev.starling.protocol.v1.Envelope;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room: a JGroups cluster whose traffic is Starling envelopes.
 *
 * <p>Data flows one way: JGroups delivers bytes, the {@link EnvelopeCodec} turns them into an
 * envelope or a counted rejection, and the envelope goes to the handlers registered for its kind.
 * Nothing a peer sends can throw out of {@link #receive}: bad frames are counted and dropped.
 */
public final class Room implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Room.class);

    private final RoomConfig config;
    private final RoomSecrets secrets;
    private final PeerIdentity identity;
    private final EnvelopeCodec codec;
    private final Clock clock;
    private final Membership membership;
    private final Map<Envelope.BodyCase, List<EnvelopeHandler>> handlers = new EnumMap<>(Envelope.BodyCase.class);
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final LongAdder spoofed = new LongAdder();
    private final LongAdder forged = new LongAdder();
    private final LogLimiter forgeries = new LogLimiter(java.time.Duration.ofSeconds(10), 64);
    private final EnvelopeSignatures signatures;
    private final LongAdder handlerFailures = new LongAdder();
    private volatile JChannel channel;
    private final PeerFilter peerFilter = PeerFilter.enabled() ? new PeerFilter() : null;

    public Room(RoomConfig config, RoomSecrets secrets, PeerIdentity identity, EnvelopeCodec codec, Clock clock) {
        this.config = config;
        this.secrets = secrets;
        this.identity = identity;
        this.codec = codec;
        this.clock = clock;
        this.membership = new Membership(identity.peerId(), clock);
        this.signatures = new EnvelopeSignatures(new PeerSigner(identity));
        for (Envelope.BodyCase kind : Envelope.BodyCase.values()) {
            handlers.put(kind, new CopyOnWriteArrayList<>());
        }
    }

    public Membership membership() {
        return membership;
    }

    public String selfId() {
        return identity.peerId();
    }

    public EnvelopeCodec codec() {
        return codec;
    }

    public RoomConfig config() {
        return config;
    }

    /** Registers a handler; call before {@link #join()} to see every message of that kind. */
    public void on(Envelope.BodyCase kind, EnvelopeHandler handler) {
        handlers.get(kind).add(handler);
    }

    /**
     * Joins the room and returns once this node is a member.
     *
     * @throws JoinRefusedException if the room's members refuse our join token (the message says why)
     */
    public void join() throws Exception {
        List<org.jgroups.stack.Protocol> stack = RoomStack.build(config, secrets);
        if (peerFilter != null) {
            // Test-only: right above the transport, so a simulated split silences everything.
            stack.add(1, peerFilter);
        }
        log.debug("room stack: {}", RoomStack.describe(stack));
        JChannel ch = new JChannel(stack);
        SecureRandom random = new SecureRandom();
        ch.addAddressGenerator(() -> PeerAddresses.newAddress(identity, random));
        ch.name(identity.peerId());
        ch.setDiscardOwnMessages(true);
        ch.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                Room.this.receive(msg);
            }

            @Override
            public void viewAccepted(View view) {
                Room.this.viewAccepted(view);
            }
        });
        channel = ch;
        try {
            ch.connect(secrets.clusterName());
        } catch (Exception e) {
            ch.close();
            Throwable refusal = securityCause(e);
            if (refusal != null) {
                throw new JoinRefusedException(refusal.getMessage());
            }
            throw e;
        }
    }

    /** Sends an envelope with the given body to every other member. */
    public void broadcast(Envelope.Builder body) {
        send(null, body);
    }

    /** Sends an envelope to one member; returns false if that member is not in the current view. */
    public boolean sendTo(String peerId, Envelope.Builder body) {
        Optional<Address> target = addressOf(peerId);
        if (target.isEmpty()) {
            return false;
        }
        body.setRecipient(peerId);
        send(target.get(), body);
        return true;
    }

    private void send(Address target, Envelope.Builder body) {
        JChannel ch = channel;
        if (ch == null || !ch.isConnected()) {
            throw new RoomSendException("not connected to the room", null);
        }
        Envelope envelope = body.setVersion(WireVersion.CURRENT)
                .setSender(identity.peerId())
                .setMessageId(nextMessageId.getAndIncrement())
                .setSentAtMicros(Micros.now(clock))
                .build();
        try {
            ch.send(new BytesMessage(target, signatures.sign(codec.encode(envelope))));
        } catch (Exception e) {
            throw new RoomSendException("could not send " + envelope.getBodyCase() + ": " + e.getMessage(), e);
        }
    }

    private void receive(Message msg) {
        if (msg.getArray() == null || msg.getSrc() == null) {
            forged.increment();
            return;
        }
        String transportName = PeerAddresses.peerIdOf(msg.getSrc());
        if (msg.getLength() > codec.maxFrameBytes() + EnvelopeSignatures.OVERHEAD_BYTES) {
            codec.decode(msg.getArray(), msg.getOffset(), msg.getLength()); // counted as oversized
            return;
        }
        Optional<byte[]> signed =
                EnvelopeSignatures.open(msg.getArray(), msg.getOffset(), msg.getLength(), transportName);
        if (signed.isEmpty()) {
            forged.increment();
            forgeries.warn(
                    transportName,
                    () -> "dropped a frame from member " + transportName + " that it did not sign with its own key",
                    log::warn);
            return;
        }
        Decoded decoded = codec.decode(signed.get());
        if (!decoded.isAccepted()) {
            log.debug(
                    "dropped frame from {}: {} ({})",
                    msg.getSrc(),
                    decoded.rejection().orElseThrow(),
                    decoded.detail());
            return;
        }
        Envelope envelope = decoded.envelope().orElseThrow();
        if (!transportName.equals(envelope.getSender())) {
            spoofed.increment();
            forgeries.warn(
                    transportName,
                    () -> "dropped an envelope from member " + transportName + " claiming sender "
                            + envelope.getSender(),
                    log::warn);
            return;
        }
        for (EnvelopeHandler handler : handlers.get(envelope.getBodyCase())) {
            try {
                handler.handle(envelope);
            } catch (RuntimeException e) {
                handlerFailures.increment();
                log.warn(
                        "handler for {} failed on a message from {}: {}",
                        envelope.getBodyCase(),
                        envelope.getSender(),
                        e.toString());
            }
        }
    }

    private void viewAccepted(View view) {
        List<String> ids = new ArrayList<>();
        for (Address address : view.getMembers()) {
            ids.add(PeerAddresses.peerIdOf(address));
        }
        membership.applyView(view.getViewId().getId(), ids, view instanceof MergeView);
    }

    private Optional<Address> addressOf(String peerId) {
        JChannel ch = channel;
        if (ch == null || ch.getView() == null) {
            return Optional.empty();
        }
        for (Address address : ch.getView().getMembers()) {
            if (peerId.equals(PeerAddresses.peerIdOf(address))) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    /** The test-only partition switch, present when the node runs with {@link PeerFilter#PROPERTY}. */
    public Optional<PeerFilter> peerFilter() {
        return Optional.ofNullable(peerFilter);
    }

    public long spoofedCount() {
        return spoofed.sum();
    }

    /** Frames the seal dropped: carrying no sealed message (forged), or seen before (replayed). */
    public long refusedFrameCount() {
        JChannel ch = channel;
        FrameSeal seal = ch == null ? null : ch.getProtocolStack().findProtocol(FrameSeal.class);
        return seal == null ? 0 : seal.unsealedCount() + seal.replayedCount();
    }

    /** Frames dropped because the member they came from had not signed them. */
    public long forgedCount() {
        return forged.sum();
    }

    public long handlerFailureCount() {
        return handlerFailures.sum();
    }

    public boolean isConnected() {
        JChannel ch = channel;
        return ch != null && ch.isConnected();
    }

    @Override
    public void close() {
        JChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private static Throwable securityCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SecurityException) {
                return t;
            }
        }
        return null;
    }
}
