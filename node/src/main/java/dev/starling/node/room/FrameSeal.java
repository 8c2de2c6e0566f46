package dev.starling.node.room;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ByteArray;
import org.jgroups.util.FastArray;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

/**
 * Seals every frame for the encryption right below: the whole message (its headers, source,
 * destination and flags) travels as the payload, after a per-sender frame counter.
 *
 * <p>The encryption layer only encrypts payloads; a message with no payload passes it with its
 * headers in clear, which let anyone on the path forge membership messages (a header-only GMS
 * leave request, say). Here every authentic frame has a payload, so a frame without one is
 * dropped, and everything the layers above read was authenticated by the AEAD. The counter,
 * inside the sealed bytes, makes each frame count once: a recorded frame played back later is
 * dropped by the receiver's {@link ReplayWindow} for its sender.
 *
 * <p>Join and merge requests keep a copy of their GMS header outside the seal, for
 * {@link JoinGate} below to recognise them and answer a wrong password in clear.
 */
final class FrameSeal extends Protocol {
    static final short PROTOCOL_ID = 1_724;
    /** Senders whose windows are kept; the least recently heard is forgotten first. */
    static final int MAX_SENDERS = 512;

    static {
        if (ClassConfigurator.getProtocolId(FrameSeal.class) == 0) {
            ClassConfigurator.addProtocol(PROTOCOL_ID, FrameSeal.class);
        }
    }

    private final short gmsId = ClassConfigurator.getProtocolId(GMS.class);
    private final AtomicLong nextCounter = new AtomicLong();
    private final Map<Address, ReplayWindow> windows = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Address, ReplayWindow> eldest) {
            return size() > MAX_SENDERS;
        }
    };
    private final LongAdder unsealed = new LongAdder();
    private final LongAdder replayed = new LongAdder();

    @Override
    public Object down(Message msg) {
        if (msg.getSrc() == null) {
            msg.setSrc(local_addr);
        }
        ByteArray inner;
        try {
            inner = Util.messageToBuffer(msg);
        } catch (Exception e) {
            throw new IllegalStateException("cannot seal a frame to " + msg.getDest(), e);
        }
        byte[] sealed = ByteBuffer.allocate(Long.BYTES + inner.length())
                .putLong(nextCounter.incrementAndGet())
                .put(inner.array(), inner.offset(), inner.length())
                .array();
        Message frame = new BytesMessage(msg.getDest(), sealed).setFlag(msg.getFlags(), false);
        if (msg.isFlagSet(Message.TransientFlag.DONT_LOOPBACK)) {
            frame.setFlag(Message.TransientFlag.DONT_LOOPBACK);
        }
        Header gms = msg.getHeader(gmsId);
        if (JoinGate.isAdmission(gms)) {
            frame.putHeader(gmsId, gms);
        }
        return down_prot.down(frame);
    }

    @Override
    public Object up(Message msg) {
        Message inner = unseal(msg, msg.getSrc());
        return inner == null ? null : up_prot.up(inner);
    }

    @Override
    public void up(MessageBatch batch) {
        FastArray<Message>.FastIterator it = (FastArray<Message>.FastIterator) batch.iterator();
        while (it.hasNext()) {
            Message inner = unseal(it.next(), batch.sender());
            if (inner == null) {
                it.remove();
            } else {
                it.replace(inner);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    private Message unseal(Message frame, Address transportSender) {
        if (!frame.hasArray() || frame.getLength() <= Long.BYTES) {
            unsealed.increment();
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(frame.getArray(), frame.getOffset(), frame.getLength());
        long counter = bytes.getLong();
        Message inner;
        try {
            inner = Util.messageFromBuffer(
                    frame.getArray(), frame.getOffset() + Long.BYTES, frame.getLength() - Long.BYTES);
        } catch (Exception e) {
            unsealed.increment();
            return null;
        }
        Address sender = inner.getSrc();
        if (sender == null
                || (transportSender != null && !sender.equals(transportSender))
                || !windowOf(sender).accept(counter)) {
            replayed.increment();
            return null;
        }
        return inner;
    }

    private ReplayWindow windowOf(Address sender) {
        synchronized (windows) {
            return windows.computeIfAbsent(sender, s -> new ReplayWindow());
        }
    }

    /** Frames dropped because they carried no sealed message. */
    long unsealedCount() {
        return unsealed.sum();
    }

    /** Frames dropped as replays (or whose sealed sender was not the transport sender). */
    long replayedCount() {
        return replayed.sum();
    }
}
