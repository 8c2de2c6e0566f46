package dev.starling.node.media.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.mixing.ShownPicture;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ControlMessageTest {
    @Test
    void roundTripsEveryMessage() {
        List<ControlMessage> all = List.of(
                new ControlMessage.Hello(1_763_771_000_000L, 5, 0xBEEF, true),
                new ControlMessage.ProbeEnd(7, 2 * 1024 * 1024),
                new ControlMessage.ProbeAck(7, 123),
                new ControlMessage.TimeRequest(-1, 42),
                new ControlMessage.TimeResponse(9, 1, 2, 3),
                new ControlMessage.MixContents(java.util.Set.of("peha6otrfmvrfngl", "lj6t7fz323jsamxw")),
                new ControlMessage.MixContents(java.util.Set.of()));
        for (ControlMessage m : all) {
            assertThat(ControlMessage.decode(ControlMessage.encode(m))).contains(m);
        }
        ByteBuffer data = ControlMessage.encode(new ControlMessage.ProbeData(3, 16_384));
        assertThat(data.remaining()).isEqualTo(16_384 + 9);
        assertThat(ControlMessage.decode(data)).contains(new ControlMessage.ProbeData(3, 16_384));
    }

    @Test
    void aHelloFromBeforeTheAudioChannelAsksForRtpAudio() {
        ByteBuffer shorter = ByteBuffer.allocate(17)
                .put(ControlMessage.HELLO)
                .putLong(1_000)
                .putInt(2)
                .putInt(3)
                .flip();
        assertThat(ControlMessage.decode(shorter)).contains(new ControlMessage.Hello(1_000, 2, 3, false));
        ByteBuffer badFlag = ControlMessage.encode(new ControlMessage.Hello(1, 1, 1, true));
        badFlag.put(17, (byte) 2);
        assertThat(ControlMessage.decode(badFlag)).isEmpty();
    }

    @Test
    void decodingLeavesBufferPositionAlone() {
        ByteBuffer b = ControlMessage.encode(new ControlMessage.TimeRequest(1, 2));
        ControlMessage.decode(b);
        assertThat(b.position()).isZero();
    }

    @Test
    void rejectsGarbageWithoutThrowing() {
        Random rnd = new Random(11);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[rnd.nextInt(40)];
            rnd.nextBytes(bytes);
            if (ControlMessage.decode(ByteBuffer.wrap(bytes)).isPresent()) {
                accepted++;
            }
        }
        // Only exact-length bodies with a known type byte pass; random data rarely does.
        assertThat(accepted).isLessThan(400);
        assertThat(ControlMessage.decode(ByteBuffer.allocate(0))).isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {ControlMessage.HELLO, 1, 2})))
                .isEmpty();
        ByteBuffer badSlot = ControlMessage.encode(new ControlMessage.Hello(1, 1, 1, false));
        badSlot.putInt(9, -4);
        assertThat(ControlMessage.decode(badSlot)).isEmpty();
    }

    @Test
    void mixContentsThatDoNotAddUpAreRejected() {
        byte m = ControlMessage.MIX_CONTENTS;
        // two origins announced, one present
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 2, 1, 'a'})))
                .isEmpty();
        // length running past the end, trailing bytes, an empty id, a control character
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 5, 'a'})))
                .isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 1, 'a', 'b'})))
                .isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 0}))).isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 1, '\n'})))
                .isEmpty();
        // more origins than a room has
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, (byte) 200})))
                .isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 1, 'a'})))
                .contains(new ControlMessage.MixContents(java.util.Set.of("a")));
    }

    @Test
    void mixLevelsTravelAsMinusDbovToAboutOneDecibel() {
        ControlMessage.MixLevels sent = new ControlMessage.MixLevels(
                java.util.Map.of("loud", 0.5, "quiet", 0.003, "silent", 0.0, "tiny", 1e-9));
        ControlMessage decoded =
                ControlMessage.decode(ControlMessage.encode(sent)).orElseThrow();
        java.util.Map<String, Double> levels = ((ControlMessage.MixLevels) decoded).levels();
        assertThat(levels).containsOnlyKeys("loud", "quiet", "silent", "tiny");
        assertThat(20 * Math.log10(levels.get("loud") / 0.5)).isBetween(-0.5, 0.5);
        assertThat(20 * Math.log10(levels.get("quiet") / 0.003)).isBetween(-0.5, 0.5);
        assertThat(levels.get("silent")).isZero();
        assertThat(levels.get("tiny")).as("below -127 dBov is silence").isZero();
    }

    @Test
    void mixLevelsThatDoNotAddUpAreRejected() {
        byte m = ControlMessage.MIX_LEVELS;
        // an origin without its level byte, a level beyond 127, trailing bytes
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 1, 'a'})))
                .isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 1, 'a', (byte) 200})))
                .isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 1, 'a', 6, 0})))
                .isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(new byte[] {m, 1, 1, 'a', 6})))
                .contains(new ControlMessage.MixLevels(java.util.Map.of("a", Math.pow(10, -6 / 20.0))));
    }

    @Test
    void compositeContentsRoundTrip() {
        ControlMessage.Composite sent = new ControlMessage.Composite(new CompositeContents(
                1_763_771_000_123L,
                List.of(
                        new ShownPicture("mixer", 1_763_771_000_123L),
                        new ShownPicture("peha6otrfmvrfngl", 1_763_771_000_050L))));
        assertThat(ControlMessage.decode(ControlMessage.encode(sent))).contains(sent);
        ControlMessage.Composite empty = new ControlMessage.Composite(new CompositeContents(5, List.of()));
        assertThat(ControlMessage.decode(ControlMessage.encode(empty))).contains(empty);
    }

    @Test
    void compositeContentsThatDoNotAddUpAreRejected() {
        ByteBuffer good = ControlMessage.encode(
                new ControlMessage.Composite(new CompositeContents(1000, List.of(new ShownPicture("a", 900)))));
        byte[] bytes = new byte[good.remaining()];
        good.get(bytes);
        // cut short, a trailing byte, a picture's time beyond 48 bits, a count larger than a room
        assertThat(ControlMessage.decode(ByteBuffer.wrap(java.util.Arrays.copyOf(bytes, bytes.length - 1))))
                .isEmpty();
        assertThat(ControlMessage.decode(ByteBuffer.wrap(java.util.Arrays.copyOf(bytes, bytes.length + 1))))
                .isEmpty();
        byte[] farFuture = bytes.clone();
        farFuture[12] = (byte) 0x80;
        assertThat(ControlMessage.decode(ByteBuffer.wrap(farFuture))).isEmpty();
        byte[] crowded = bytes.clone();
        crowded[9] = (byte) 200;
        assertThat(ControlMessage.decode(ByteBuffer.wrap(crowded))).isEmpty();
        byte[] badId = bytes.clone();
        badId[11] = '\n';
        assertThat(ControlMessage.decode(ByteBuffer.wrap(badId))).isEmpty();
    }
}
