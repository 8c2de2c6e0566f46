package dev.starling.node.room;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.JoinRsp;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

/**
 * Admits only joiners that know the room password, and tells the others so at once.
 *
 * <p>JGroups' own AUTH must sit above the encryption layer, so its rejection is encrypted with a
 * key the refused joiner does not have: the joiner never learns it was refused and waits out every
 * join attempt before forming a room of its own. JoinGate sits <em>below</em> SYM_ENCRYPT instead.
 * The joiner adds HMAC(joinKey, its serialized address) to its JOIN and MERGE requests (which carry
 * no payload and so travel with clear headers); a member that cannot verify the MAC drops the
 * request and answers with a plain rejection header, and the joiner hands GMS a failed join
 * response, so {@code connect()} throws {@link SecurityException} within one round trip.
 *
 * <p>Binding the MAC to the address makes a token overheard on the wire useless under any other
 * address. A forged rejection can only make a joiner give up, which anyone on the path could
 * achieve by dropping packets anyway.
 */
public final class JoinGate extends Protocol {
    static final short PROTOCOL_ID = 1_723;
    static final short HEADER_MAGIC = 1_723;
    private static final String LABEL = "starling/v1/join/";
    static final String REJECTION = "wrong password for this room";

    static {
        // JGroups keeps protocol and header ids in a process-wide table; register ours once.
        if (ClassConfigurator.getProtocolId(JoinGate.class) == 0) {
            ClassConfigurator.addProtocol(PROTOCOL_ID, JoinGate.class);
        }
        ClassConfigurator.addIfAbsent(HEADER_MAGIC, GateHeader.class);
    }

    private final byte[] joinKey;
    private final short gmsId = ClassConfigurator.getProtocolId(GMS.class);

    JoinGate(byte[] joinKey) {
        this.joinKey = joinKey.clone();
    }

    @Override
    public Object down(Message msg) {
        if (isAdmissionRequest(msg)) {
            msg.putHeader(id, GateHeader.token(macFor(local_addr)));
        }
        return down_prot.down(msg);
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
            deliverRejectionToGms(msg.getSrc());
            return false;
        }
        if (!isAdmissionRequest(msg)) {
            return true;
        }
        if (gate != null && msg.getSrc() != null && MessageDigest.isEqual(macFor(msg.getSrc()), gate.mac)) {
            return true;
        }
        GMS.GmsHeader gms = msg.getHeader(gmsId);
        log.warn("%s: refused %s from %s: wrong room password", local_addr, GMS.GmsHeader.type2String(gms.getType()), msg.getSrc());
        if (gms.getType() != GMS.GmsHeader.MERGE_REQ && msg.getSrc() != null) {
            down_prot.down(new EmptyMessage(msg.getSrc()).setFlag(Message.Flag.OOB).putHeader(id, GateHeader.rejection()));
        }
        return false;
    }

    private void deliverRejectionToGms(Address from) {
        // Straight to GMS: the layers in between (SYM_ENCRYPT first) would drop a clear-text message.
        Protocol gms = getProtocolStack().findProtocol(GMS.class);
        try {
            Message rsp = new BytesMessage(local_addr)
                    .putHeader(gmsId, new GMS.GmsHeader(GMS.GmsHeader.JOIN_RSP))
                    .setArray(GMS.marshal(new JoinRsp(REJECTION)));
            rsp.setSrc(from);
            gms.up(rsp);
        } catch (RuntimeException e) {
            log.warn("%s: could not deliver join rejection: %s", local_addr, e);
        }
    }

    private boolean isAdmissionRequest(Message msg) {
        Header header = msg.getHeader(gmsId);
        if (!(header instanceof GMS.GmsHeader gms)) {
            return false;
        }
        byte type = gms.getType();
        return type == GMS.GmsHeader.JOIN_REQ || type == GMS.GmsHeader.JOIN_REQ_WITH_STATE_TRANSFER
                || type == GMS.GmsHeader.MERGE_REQ;
    }

    private byte[] macFor(Address address) {
        // The serialized address, not toString(): the latter prints a cached logical name on some
        // members and the raw UUID on others.
        byte[] label = LABEL.getBytes(StandardCharsets.UTF_8);
        byte[] addressBytes;
        try {
            addressBytes = Util.streamableToByteBuffer(address);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize address " + address, e);
        }
        byte[] data = new byte[label.length + addressBytes.length];
        System.arraycopy(label, 0, data, 0, label.length);
        System.arraycopy(addressBytes, 0, data, label.length, addressBytes.length);
        return RoomSecrets.hmac(joinKey, data);
    }

    /** A join token, or a rejection. Public with a no-arg constructor because JGroups creates it reflectively. */
    public static final class GateHeader extends Header {
        private static final int MAC_BYTES = 32;
        private boolean rejected;
        private byte[] mac = new byte[0];

        public GateHeader() {
        }

        static GateHeader token(byte[] mac) {
            GateHeader header = new GateHeader();
            header.mac = mac;
            return header;
        }

        static GateHeader rejection() {
            GateHeader header = new GateHeader();
            header.rejected = true;
            return header;
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
            return rejected ? "GateHeader[rejected]" : "GateHeader[token]";
        }
    }
}
