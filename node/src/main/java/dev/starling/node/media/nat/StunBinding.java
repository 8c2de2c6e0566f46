package dev.starling.node.media.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one STUN exchange this node makes itself (RFC 5389): a Binding request, and from the
 * answer the address and port the server saw it come from. libwebrtc runs ICE's own STUN; this
 * is only for noticing that the node's public address changed. Pure: bytes in, bytes out.
 */
public final class StunBinding {
    static final int HEADER_BYTES = 20;
    static final int TRANSACTION_ID_BYTES = 12;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final short BINDING_REQUEST = 0x0001;
    private static final short BINDING_SUCCESS = 0x0101;
    private static final short MAPPED_ADDRESS = 0x0001;
    private static final short XOR_MAPPED_ADDRESS = 0x0020;
    private static final byte FAMILY_IPV4 = 0x01;
    private static final byte FAMILY_IPV6 = 0x02;

    private StunBinding() {}

    /** A Binding request with no attributes. */
    public static byte[] request(byte[] transactionId) {
        checkTransactionId(transactionId);
        return ByteBuffer.allocate(HEADER_BYTES)
                .putShort(BINDING_REQUEST)
                .putShort((short) 0)
                .putInt(MAGIC_COOKIE)
                .put(transactionId)
                .array();
    }

    /**
     * The mapped address in a Binding success response to {@code transactionId}: its
     * XOR-MAPPED-ADDRESS, else a MAPPED-ADDRESS. Empty for anything else (another transaction, an
     * error response, a malformed or truncated message).
     */
    public static Optional<InetSocketAddress> mappedAddress(byte[] message, int length, byte[] transactionId) {
        checkTransactionId(transactionId);
        if (length < HEADER_BYTES || length > message.length) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(message, 0, length);
        short type = in.getShort();
        int bodyLength = Short.toUnsignedInt(in.getShort());
        if (type != BINDING_SUCCESS
                || in.getInt() != MAGIC_COOKIE
                || bodyLength != length - HEADER_BYTES
                || !Arrays.equals(message, 8, HEADER_BYTES, transactionId, 0, TRANSACTION_ID_BYTES)) {
            return Optional.empty();
        }
        in.position(HEADER_BYTES);
        Optional<InetSocketAddress> plain = Optional.empty();
        while (in.remaining() >= 4) {
            short attribute = in.getShort();
            int attributeLength = Short.toUnsignedInt(in.getShort());
            if (attributeLength > in.remaining()) {
                return Optional.empty();
            }
            byte[] value = new byte[attributeLength];
            in.get(value);
            in.position(Math.min(in.limit(), in.position() + (4 - attributeLength % 4) % 4));
            if (attribute == XOR_MAPPED_ADDRESS) {
                return address(value, transactionId, true);
            }
            if (attribute == MAPPED_ADDRESS && plain.isEmpty()) {
                plain = address(value, transactionId, false);
            }
        }
        return plain;
    }

    private static Optional<InetSocketAddress> address(byte[] value, byte[] transactionId, boolean xored) {
        if (value.length < 4) {
            return Optional.empty();
        }
        byte family = value[1];
        int addressBytes = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
        if (addressBytes < 0 || value.length != 4 + addressBytes) {
            return Optional.empty();
        }
        int port = ((value[2] & 0xff) << 8) | (value[3] & 0xff);
        byte[] address = Arrays.copyOfRange(value, 4, 4 + addressBytes);
        if (xored) {
            port ^= MAGIC_COOKIE >>> 16;
            byte[] mask = ByteBuffer.allocate(16)
                    .putInt(MAGIC_COOKIE)
                    .put(transactionId)
                    .array();
            for (int i = 0; i < address.length; i++) {
                address[i] ^= mask[i];
            }
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static void checkTransactionId(byte[] transactionId) {
        if (transactionId.length != TRANSACTION_ID_BYTES) {
            throw new IllegalArgumentException("a STUN transaction id has 12 bytes");
        }
    }
}
