package dev.starling.node.room;

import dev.starling.node.identity.PeerIdentity;
import dev.starling.node.identity.PeerSigner;
import dev.starling.protocol.v1.Envelope;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.jgroups.BytesMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.EncryptHeader;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.Protocol;

/**
 * A member that knows the room password and runs the room's own stack, but writes its frames by
 * hand: signed with its own key, signed around garbage, or not signed at all.
 */
final class HostileMember implements AutoCloseable {
    final JChannel channel;
    final PeerIdentity identity;
    final PeerSigner signer;
    private final EnvelopeSignatures signatures;

    private HostileMember(JChannel channel, PeerIdentity identity) {
        this.channel = channel;
        this.identity = identity;
        this.signer = new PeerSigner(identity);
        this.signatures = new EnvelopeSignatures(signer);
    }

    static HostileMember join(String room, String password, int port, int bootstrap) throws Exception {
        return join(room, password, port, bootstrap, null, "127.0.0.1");
    }

    static HostileMember join(String room, String password, int port, int bootstrap, Protocol aboveTransport)
            throws Exception {
        return join(room, password, port, bootstrap, aboveTransport, "127.0.0.1");
    }

    /** @param aboveTransport a protocol to put right above the transport (a wire tap), or null */
    static HostileMember join(
            String room, String password, int port, int bootstrap, Protocol aboveTransport, String bootstrapHost)
            throws Exception {
        PeerIdentity identity =
                new PeerIdentity(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        List<Protocol> stack = RoomStack.build(
                new RoomConfig(
                        room,
                        new HostPort("127.0.0.1", port),
                        List.of(new HostPort(bootstrapHost, bootstrap)),
                        Optional.empty(),
                        RoomConfig.RoomTimeouts.defaults()),
                RoomSecrets.derive(room, password.toCharArray()));
        if (aboveTransport != null) {
            stack.add(1, aboveTransport);
        }
        JChannel channel = new JChannel(stack);
        SecureRandom random = new SecureRandom();
        channel.addAddressGenerator(() -> PeerAddresses.newAddress(identity, random));
        channel.name(identity.peerId());
        channel.connect(RoomSecrets.CLUSTER_NAME);
        return new HostileMember(channel, identity);
    }

    String peerId() {
        return identity.peerId();
    }

    void send(Envelope.Builder envelope) throws Exception {
        sendSigned(envelope.build().toByteArray());
    }

    /** Any bytes, in a frame this member signs as its own. */
    void sendSigned(byte[] envelope) throws Exception {
        channel.send(new BytesMessage(null, signatures.sign(envelope)));
    }

    void sendUnsigned(byte[] frame) throws Exception {
        channel.send(new BytesMessage(null, frame));
    }

    /**
     * What someone on the path can build without the password: a header-only GMS leave request
     * for this member, sent as this member, with the key version SYM_ENCRYPT shows in clear.
     */
    Message forgedLeave(String room, String password) throws Exception {
        byte[] keyVersion = MessageDigest.getInstance("MD5")
                .digest(RoomSecrets.derive(room, password.toCharArray())
                        .trafficKey()
                        .getEncoded());
        Message leave = new EmptyMessage(channel.getView().getCoord())
                .putHeader(
                        ClassConfigurator.getProtocolId(GMS.class),
                        new GMS.GmsHeader(GMS.GmsHeader.LEAVE_REQ, channel.getAddress()))
                .putHeader(
                        ClassConfigurator.getProtocolId(SYM_ENCRYPT.class),
                        new EncryptHeader((byte) 0, keyVersion, new byte[12]));
        leave.setSrc(channel.getAddress());
        return leave;
    }

    @Override
    public void close() {
        channel.close();
    }
}
