package dev.starling.node.media.data;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.starling.node.media.opus.OpusEncoder;
import dev.starling.protocol.v1.AudioPacket;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One {@link AudioPacket} as this node accepts it: a frame index below 2^48 (ms-scale schedule
 * for thousands of years) and an Opus packet of 1 to {@link OpusEncoder#MAX_PACKET} bytes.
 */
record AudioDatagram(long frameIndex, byte[] opus) {
    /** The largest acceptable message: the packet plus its field tags and lengths. */
    static final int MAX_SIZE = OpusEncoder.MAX_PACKET + 16;

    private static final long MAX_INDEX = 1L << 48;

    AudioDatagram {
        if (frameIndex < 0 || frameIndex >= MAX_INDEX) {
            throw new IllegalArgumentException("frame index out of range: " + frameIndex);
        }
        if (opus.length < 1 || opus.length > OpusEncoder.MAX_PACKET) {
            throw new IllegalArgumentException("opus packet of " + opus.length + " bytes");
        }
    }

    ByteBuffer encode() {
        return ByteBuffer.wrap(AudioPacket.newBuilder()
                .setFrameIndex(frameIndex)
                .setOpus(ByteString.copyFrom(opus))
                .build()
                .toByteArray());
    }

    /** Empty for anything that is not an acceptable packet; never throws. */
    static Optional<AudioDatagram> decode(ByteBuffer b) {
        if (b.remaining() > MAX_SIZE) {
            return Optional.empty();
        }
        try {
            AudioPacket p = AudioPacket.parseFrom(b);
            int length = p.getOpus().size();
            if (p.getFrameIndex() < 0
                    || p.getFrameIndex() >= MAX_INDEX
                    || length < 1
                    || length > OpusEncoder.MAX_PACKET) {
                return Optional.empty();
            }
            return Optional.of(new AudioDatagram(p.getFrameIndex(), p.getOpus().toByteArray()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
