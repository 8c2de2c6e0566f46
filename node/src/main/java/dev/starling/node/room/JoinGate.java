package dev.starling.node.room;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.Event;
import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.JoinRsp;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

/**
 * Admits only joiners that know the room password and speak this room protocol, and tells the
 * others so at once.
 *
 * <p>JGroups' own AUTH must sit above the encryption layer, so its rejection is encrypted with a
 * key the refused joiner does not have: the joiner never learns it was refused and waits out every
 * join attempt before forming a room of its own. JoinGate sits <em>below</em> SYM_ENCRYPT instead.
 * The joiner adds HMAC(joinKey, protocol label, its serialized address) to its JOIN and MERGE
 * requests; a member that cannot verify the MAC drops the request and answers with a plain
 * rejection header that says why (wrong password, or a node of another room protocol version,
 * which the MAC under the older label reveals), and the joiner hands GMS a failed join response,
 * so {@code connect()} throws {@link SecurityException} within one round trip.
 *
 * <p>Binding the MAC to the address makes a token overheard on the wire useless under any other
 * address. A joiner believes a rejection only while it is joining and only from a member it asked;
 * a forged one can at worst make it give up, which anyone on the path could achieve by dropping
 * packets anyway. Refusals are logged once per source and then summarised, so a flood of bad
 * joins cannot flood the log.
 */
public final class JoinGate extends Protocol {
    static final short PROTOCOL_ID = 1_723;
    static final short HEADER_MAGIC = 1_723;
    /** The room protocol this build speaks; part of every join token. */
    static final int ROOM_PROTOCOL = 2;

    private static final String LABEL = "starling/v" + ROOM_PROTOCOL + "/join/";
    private static final String PREVIOUS_LABEL = "starling/v1/join/";
    static final String WRONG_PASSWORD = "wrong password for this room";
    static final String OLDER_PROTOCOL = "a member refused us: wrong password for this room, or its nodes run an"
            + " older Starling (room protocol v1) that this one (v" + ROOM_PROTOCOL + ") cannot join";
    static final String OTHER_PROTOCOL = "the room's nodes speak another room protocol than this node (v"
            + ROOM_PROTOCOL + "); run the same Starling release";
    private static final byte REASON_PASSWORD = 1;
    private static final byte REASON_PROTOCOL = 2;

    static {
        // JGroups keeps protocol and header ids in a process-wide table; register ours once.
        if (ClassConfigurator.getProtocolId(JoinGate.class) == 0) {
            ClassConfigurator.addProtocol(PROTOCOL_ID, JoinGate.class);
        }
        ClassConfigurator.addIfAbsent(HEADER_MAGIC, GateHeader.class);
    }

    private final byte[] joinKey;
    private final short gmsId = ClassConfigurator.getProtocolId(GMS.class);
    /** Members we sent a join or merge request to: the only ones whose rejection we believe. */
    private final Set<Address> asked = ConcurrentHashMap.newKeySet();

    private final LogLimiter refusals = new LogLimiter(Duration.ofSeconds(10), 64);
    private volatile boolean member;

    JoinGate(byte[] joinKey) {
        this.joinKey = joinKey.clone();
    }

    @Override
    public Object down(Message msg) {
        if (isAdmission(msg.getHeader(gmsId))) {
            msg.putHeader(id, GateHeader.token(macFor(LABEL, local_addr)));
            if (msg.getDest() != null && asked.size() < 64) {
                asked.add(msg.getDest());
            }
        }
        return down_prot.down(msg);
    }

    @Override
    public Object down(Event evt) {
        if (evt.getType() == Event.VIEW_CHANGE) {
            member = true;
        }
        return down_prot.down(evt);
    }

    @Override
    public Object up(Message msg) {
        return admit(msg) ? up_prot.up(msg) : null;
    }

    @Override
    public void up(MessageBatch batch) {
        batch.removeIf(msg -> !admit(msg), true);
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    /** Returns whether the message may travel further up the stack. */
    private boolean admit(Message msg) {
        GateHeader gate = msg.getHeader(id);
        if (gate != null && gate.rejected) {
            if (!member && msg.getSrc() != null && asked.contains(msg.getSrc())) {
                deliverRejectionToGms(msg.getSrc(), gate.reason());
            }
            return false;
        }
        Header header = msg.getHeader(gmsId);
        if (!isAdmission(header)) {
            return true;
        }
        Address from = msg.getSrc();
        if (gate != null && from != null && MessageDigest.isEqual(macFor(LABEL, from), gate.mac)) {
            return true;
        }
        boolean olderProtocol =
                gate != null && from != null && MessageDigest.isEqual(macFor(PREVIOUS_LABEL, from), gate.mac);
        GMS.GmsHeader gms = (GMS.GmsHeader) header;
        refusals.warn(
                String.valueOf(from),
                () -> String.format(
                        "%s: refused %s from %s: %s",
                        local_addr,
                        GMS.GmsHeader.type2String(gms.getType()),
                        from,
                        olderProtocol ? "it speaks room protocol v1, this node v" + ROOM_PROTOCOL : WRONG_PASSWORD),
                log::warn);
        if (gms.getType() != GMS.GmsHeader.MERGE_REQ && from != null) {
            down_prot.down(new EmptyMessage(from)
                    .setFlag(Message.Flag.OOB)
                    .putHeader(id, GateHeader.rejection(olderProtocol ? REASON_PROTOCOL : REASON_PASSWORD)));
        }
        return false;
    }

    private void deliverRejectionToGms(Address from, String reason) {
        // Straight to GMS: the layers in between (SYM_ENCRYPT first) would drop a clear-text message.
        Protocol gms = getProtocolStack().findProtocol(GMS.class);
        try {
            Message rsp = new BytesMessage(local_addr)
                    .putHeader(gmsId, new GMS.GmsHeader(GMS.GmsHeader.JOIN_RSP))
                    .setArray(GMS.marshal(new JoinRsp(reason)));
            rsp.setSrc(from);
            gms.up(rsp);
        } catch (RuntimeException e) {
            log.warn("%s: could not deliver join rejection: %s", local_addr, e);
        }
    }

    static boolean isAdmission(Header header) {
        if (!(header instanceof GMS.GmsHeader gms)) {
            return false;
        }
        byte type = gms.getType();
        return type == GMS.GmsHeader.JOIN_REQ
                || type == GMS.GmsHeader.JOIN_REQ_WITH_STATE_TRANSFER
                || type == GMS.GmsHeader.MERGE_REQ;
    }

    private byte[] macFor(String label, Address address) {
        // The serialized address, not toString(): the latter prints a cached logical name on some
        // members and the raw UUID on others.
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        byte[] addressBytes;
        try {
            addressBytes = Util.streamableToByteBuffer(address);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize address " + address, e);
        }
        byte[] data = new byte[labelBytes.length + addressBytes.length];
        System.arraycopy(labelBytes, 0, data, 0, labelBytes.length);
        System.arraycopy(addressBytes, 0, data, labelBytes.length, addressBytes.length);
        return RoomSecrets.hmac(joinKey, data);
    }

    /**
     * A join token, or a rejection. Public with a no-arg constructor because JGroups creates it
     * reflectively. The layout is the one v1 nodes read; a rejection's reason travels in the
     * token field (v1 nodes send it empty), so both versions parse each other's headers.
     */
    public static final class GateHeader extends Header {
        private static final int MAC_BYTES = 32;
        private boolean rejected;
        private byte[] mac = new byte[0];

        public GateHeader() {}

        static GateHeader token(byte[] mac) {
            GateHeader header = new GateHeader();
            header.mac = mac;
            return header;
        }

        static GateHeader rejection(byte reason) {
            GateHeader header = new GateHeader();
            header.rejected = true;
            header.mac = new byte[] {(byte) ROOM_PROTOCOL, reason};
            return header;
        }

        String reason() {
            if (mac.length < 2) {
                return OLDER_PROTOCOL;
            }
            return mac[1] == REASON_PROTOCOL ? OTHER_PROTOCOL : WRONG_PASSWORD;
        }

        @Override
        public short getMagicId() {
            return HEADER_MAGIC;
        }

        @Override
        public Supplier<? extends Header> create() {
            return GateHeader::new;
        }

        @Override
        public int serializedSize() {
            return 2 + mac.length;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeBoolean(rejected);
            out.writeByte(mac.length);
            out.write(mac);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            rejected = in.readBoolean();
            int length = in.readUnsignedByte();
            if (length > MAC_BYTES) {
                throw new IOException("join token too long: " + length);
            }
            mac = new byte[length];
            in.readFully(mac);
        }

        @Override
        public String toString() {
            return rejected ? "GateHeader[rejected: " + reason() + "]" : "GateHeader[token]";
        }
    }
}
