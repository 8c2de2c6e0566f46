package dev.starling.node.room;

import dev.starling.node.identity.PeerIdentity;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.jgroups.Address;
import org.jgroups.util.UUID;

/**
 * Transport addresses that carry the peer id.
 *
 * <p>A JGroups address is a 128-bit UUID; ours is the 80-bit peer id followed by 48 random bits
 * (the incarnation). Any member can read a peer id straight off a view or a message source,
 * without waiting for JGroups to propagate logical names (which may arrive after the view does).
 * A restarted node keeps its peer id but gets a new incarnation, so JGroups never mistakes it for
 * the crashed process it replaces.
 */
final class PeerAddresses {
    private static final int INCARNATION_BYTES = 16 - PeerIdentity.ID_BYTES;

    private PeerAddresses() {}

    static UUID newAddress(PeerIdentity identity, SecureRandom random) {
        byte[] incarnation = new byte[INCARNATION_BYTES];
        random.nextBytes(incarnation);
        ByteBuffer bits =
                ByteBuffer.allocate(16).put(identity.idBytes()).put(incarnation).flip();
        return new UUID(bits.getLong(), bits.getLong());
    }

    /** The peer id an address carries; falls back to its text for foreign address types. */
    static String peerIdOf(Address address) {
        if (address instanceof UUID uuid) {
            byte[] bits = ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits())
                    .array();
            return PeerIdentity.encode(bits, 0);
        }
        return String.valueOf(address);
    }
}
