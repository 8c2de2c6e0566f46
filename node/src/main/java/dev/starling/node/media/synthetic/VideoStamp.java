package dev.starling.node.media.synthetic;

/**
 * What a synthetic video frame carries in its pixels: who sent it and when (sender wall clock).
 *
 * @param senderTag  16-bit tag derived from the sender's peer id
 * @param sendMillis sender wall-clock milliseconds when the frame was handed to the encoder (48 bits kept)
 */
public record VideoStamp(int senderTag, long sendMillis) {
    public VideoStamp {
        if (senderTag < 0 || senderTag > 0xFFFF) {
            throw new IllegalArgumentException("senderTag must fit 16 bits: " + senderTag);
        }
        if (sendMillis < 0 || sendMillis >= (1L << 48)) {
            throw new IllegalArgumentException("sendMillis must fit 48 bits: " + sendMillis);
        }
    }

    /** A stable 16-bit tag for a peer id, so both ends can compute it without negotiation. */
    public static int tagFor(String peerId) {
        return Crc16.of(peerId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
