package dev.starling.node.media.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.AudioPacket;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioDatagramTest {
    @Test
    void roundTrips() {
        AudioDatagram d = new AudioDatagram(123_456_789L, new byte[] {1, 2, 3});
        AudioDatagram back = AudioDatagram.decode(d.encode()).orElseThrow();
        assertThat(back.frameIndex()).isEqualTo(123_456_789L);
        assertThat(back.opus()).containsExactly(1, 2, 3);
    }

    @Test
    void refusesEmptyOversizedAndOutOfRangePackets() {
        assertThat(AudioDatagram.decode(wire(1, 0))).isEmpty();
        assertThat(AudioDatagram.decode(wire(1, 1276))).isEmpty();
        assertThat(AudioDatagram.decode(wire(-1, 10))).isEmpty(); // 2^64 - 1 on the wire
        assertThat(AudioDatagram.decode(wire(1L << 48, 10))).isEmpty();
        assertThat(AudioDatagram.decode(ByteBuffer.allocate(100_000))).isEmpty();
    }

    @Test
    void garbageNeverThrows() {
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[rnd.nextInt(40)];
            rnd.nextBytes(b);
            AudioDatagram.decode(ByteBuffer.wrap(b)); // empty or a valid packet, never an exception
        }
        assertThat(AudioDatagram.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFF})))
                .isEmpty();
    }

    private static ByteBuffer wire(long index, int opusBytes) {
        return ByteBuffer.wrap(AudioPacket.newBuilder()
                .setFrameIndex(index)
                .setOpus(ByteString.copyFrom(new byte[opusBytes]))
                .build()
                .toByteArray());
    }
}
