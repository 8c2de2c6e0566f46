package dev.starling.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.ChatMessage;
import dev.starling.protocol.v1.ElectionResult;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.PeerHello;
import dev.starling.protocol.v1.SessionDescription;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    private final EnvelopeCodec codec = new EnvelopeCodec(64 * 1024);

    private static Envelope.Builder base() {
        return Envelope.newBuilder()
                .setVersion(WireVersion.CURRENT)
                .setSender("peer-a")
                .setMessageId(7)
                .setSentAtMicros(1_700_000_000_000_000L);
    }

    private static List<Envelope> samples() {
        return List.of(
                base().setChat(ChatMessage.newBuilder()
                                .setAuthor("peer-a")
                                .setSequence(1)
                                .setText("hi ✓"))
                        .build(),
                base().setHello(PeerHello.newBuilder().setPeerId("peer-a").setDisplayName("Ann"))
                        .build(),
                base().setMediaSignal(MediaSignal.newBuilder()
                                .setSession(3)
                                .setDescription(SessionDescription.newBuilder()
                                        .setType("offer")
                                        .setSdp("v=0\r\n")))
                        .build(),
                base().setElectionResult(ElectionResult.newBuilder()
                                .setNumber(2)
                                .addMixers("m1")
                                .putAssignment("c1", "m1"))
                        .build(),
                base().setFileChunk(FileChunk.newBuilder()
                                .setSha256("ab")
                                .setIndex(4)
                                .setData(ByteString.copyFrom(new byte[1000])))
                        .build());
    }

    @Test
    void roundTripsEveryFamily() {
        for (Envelope envelope : samples()) {
            Decoded decoded = codec.decode(codec.encode(envelope));
            assertThat(decoded.envelope()).contains(envelope);
        }
        assertThat(codec.acceptedCount()).isEqualTo(samples().size());
    }

    @Test
    void refusesOversizedFramesBeforeParsing() {
        Decoded decoded = codec.decode(new byte[64 * 1024 + 1]);
        assertThat(decoded.rejection()).contains(Rejection.OVERSIZED);
        assertThatThrownBy(() -> codec.encode(
                        base().setFileChunk(FileChunk.newBuilder().setData(ByteString.copyFrom(new byte[70_000])))
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame limit");
    }

    @Test
    void countsFutureVersionsAndUnknownKinds() {
        Envelope future = base().setVersion(WireVersion.CURRENT + 1)
                .setChat(ChatMessage.newBuilder().setText("x"))
                .build();
        assertThat(codec.decode(future.toByteArray()).rejection()).contains(Rejection.FUTURE_VERSION);

        // A body field number this build does not know (a newer release's kind): tag 2000, length-delimited.
        byte[] known = base().build().toByteArray();
        byte[] unknownBody = {(byte) 0x82, 0x7d, 0x02, 0x08, 0x01};
        byte[] frame = Arrays.copyOf(known, known.length + unknownBody.length);
        System.arraycopy(unknownBody, 0, frame, known.length, unknownBody.length);
        assertThat(codec.decode(frame).rejection()).contains(Rejection.UNKNOWN_KIND);
        assertThat(codec.rejectedCount(Rejection.UNKNOWN_KIND)).isEqualTo(1);

        Envelope anonymous = Envelope.newBuilder()
                .setVersion(1)
                .setChat(ChatMessage.newBuilder().setText("x"))
                .build();
        assertThat(codec.decode(anonymous.toByteArray()).rejection()).contains(Rejection.INCOMPLETE);
    }

    @Test
    void everyTruncationOfEveryValidFrameIsHandled() {
        for (Envelope envelope : samples()) {
            byte[] frame = envelope.toByteArray();
            for (int length = 0; length < frame.length; length++) {
                Decoded decoded = codec.decode(frame, 0, length);
                // A prefix may still be a valid envelope with fewer fields; it must never throw.
                assertThat(decoded.isAccepted() || decoded.rejection().isPresent())
                        .isTrue();
            }
        }
    }

    @Test
    void randomGarbageAndBitFlipsNeverThrow() {
        Random random = new Random(42);
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] frame;
            if (round % 2 == 0) {
                frame = new byte[random.nextInt(512)];
                random.nextBytes(frame);
            } else {
                frame = samples().get(round % samples().size()).toByteArray();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            Decoded decoded = codec.decode(frame);
            if (decoded.isAccepted()) {
                accepted++;
                assertThat(decoded.envelope().orElseThrow().getVersion()).isBetween(1, WireVersion.CURRENT);
            } else {
                rejected++;
            }
        }
        assertThat(accepted + rejected).isEqualTo(20_000);
        assertThat(rejected).isGreaterThan(5_000);
    }

    @Test
    void deeplyNestedOrLyingLengthsAreRejected() {
        // Field 32 (chat), length-delimited, claiming 2 GB of content.
        byte[] lying = {
            0x08, 0x01, 0x12, 0x01, 'a', (byte) 0x82, 0x02, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07
        };
        assertThat(codec.decode(lying).rejection()).contains(Rejection.MALFORMED);
        assertThat(codec.decode(null).rejection()).contains(Rejection.MALFORMED);
        assertThat(codec.decode(new byte[4], 3, 5).rejection()).contains(Rejection.MALFORMED);
    }
}
