package dev.starling.node.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoSourceKind;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.DeviceState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageCodecTest {
    private final ObjectMapper json = new ObjectMapper();
    private final PageCodec codec = new PageCodec(json);

    static ByteBuffer message(int kind, String header, byte[] payload) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + h.length + payload.length)
                .put((byte) kind)
                .putShort((short) h.length)
                .put(h)
                .put(payload)
                .flip();
    }

    @Test
    void audioIsLittleEndianPcm() throws Exception {
        byte[] pcm = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1000)
                .putShort((short) -2)
                .array();
        PageMessage decoded = codec.decode(message(0x01, "{}", pcm));
        assertThat(((PageMessage.Audio) decoded).pcm()).containsExactly((short) 1000, (short) -2);
    }

    @Test
    void aPictureCarriesItsSizeAndExactlyItsBytes() throws Exception {
        PageMessage decoded = codec.decode(message(0x03, "{\"w\":4,\"h\":2}", new byte[12]));
        PageMessage.Picture picture = (PageMessage.Picture) decoded;
        assertThat(picture.source()).isEqualTo(VideoSourceKind.SCREEN);
        assertThat(picture.width()).isEqualTo(4);
        assertThat(picture.height()).isEqualTo(2);
        assertThatThrownBy(() -> codec.decode(message(0x02, "{\"w\":4,\"h\":2}", new byte[11])))
                .isInstanceOf(MalformedPageMessage.class)
                .hasMessageContaining("12 bytes, got 11");
    }

    @Test
    void everyMalformedMessageIsRefusedWithAReason() {
        List<ByteBuffer> bad = List.of(
                ByteBuffer.allocate(2),
                message(0x01, "{}", new byte[3]),
                message(0x01, "{}", new byte[0]),
                message(0x01, "{}", new byte[2 * 4801]),
                message(0x02, "{\"w\":3,\"h\":2}", new byte[9]),
                message(0x02, "{\"w\":4000,\"h\":2}", new byte[12_000]),
                message(0x02, "{\"w\":-4,\"h\":2}", new byte[0]),
                message(0x02, "[1]", new byte[0]),
                message(0x02, "not json", new byte[0]),
                message(0x7f, "{}", new byte[0]),
                ByteBuffer.allocate(5).put((byte) 1).putShort((short) 60_000).flip());
        for (ByteBuffer message : bad) {
            assertThatThrownBy(() -> codec.decode(message))
                    .isInstanceOf(MalformedPageMessage.class)
                    .hasMessageNotContaining("Exception");
        }
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButARefusal() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            try {
                codec.decode(ByteBuffer.wrap(bytes));
            } catch (MalformedPageMessage expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void stateTextMessages() throws Exception {
        PageMessage state =
                codec.decodeText("{\"type\":\"state\",\"audio\":\"off\",\"video\":\"on\",\"screen\":\"none\"}");
        assertThat(((PageMessage.State) state).state())
                .isEqualTo(new CallState(DeviceState.OFF, DeviceState.ON, DeviceState.NONE));
        assertThatThrownBy(() -> codec.decodeText("{\"type\":\"state\",\"audio\":\"loud\"}"))
                .hasMessageContaining("audio must be on, off or none");
        assertThatThrownBy(() -> codec.decodeText("{\"type\":\"dance\"}")).hasMessageContaining("unknown");
        assertThatThrownBy(() -> codec.decodeText("x".repeat(5_000))).hasMessageContaining("too long");
    }

    @Test
    void remoteVideoIsPackedAndLabelled() throws Exception {
        I420Frame picture = I420Frame.black(4, 2);
        picture.y()[0] = 99;
        ByteBuffer out = codec.remoteVideo("mixer-1", VideoSourceKind.CAMERA, List.of("a", "b"), picture);
        int headerLength = out.getShort(1) & 0xffff;
        assertThat(out.get(0)).isEqualTo((byte) 0x12);
        JsonNode header = json.readTree(new String(out.array(), 3, headerLength, StandardCharsets.UTF_8));
        assertThat(header.path("from").asText()).isEqualTo("mixer-1");
        assertThat(header.path("carries").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(header.path("w").asInt()).isEqualTo(4);
        assertThat(out.remaining()).isEqualTo(3 + headerLength + 12);
        assertThat(out.get(3 + headerLength)).isEqualTo((byte) 99);
    }

    @Test
    void remoteAudioIsLittleEndian() {
        ByteBuffer out =
                codec.remoteAudio("p", List.of("p"), java.util.Map.of(), PageCodec.UNNUMBERED, new short[] {258, -1});
        int headerLength = out.getShort(1) & 0xffff;
        assertThat(out.remaining()).isEqualTo(3 + headerLength + 4);
        ByteBuffer pcm = out.duplicate().position(3 + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(pcm.getShort()).isEqualTo((short) 258);
        assertThat(pcm.getShort()).isEqualTo((short) -1);
    }

    @Test
    void aMixCarriesItsVoicesLevelsInTheHeaderAndAVoiceAloneNone() throws Exception {
        ByteBuffer mix = codec.remoteAudio(
                "m", List.of("a", "b"), java.util.Map.of("a", 0.123456, "b", 0.0), PageCodec.UNNUMBERED, new short[] {0
                });
        JsonNode header = json.readTree(
                new String(mix.array(), 3, mix.getShort(1) & 0xffff, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(header.path("levels").path("a").asDouble()).isEqualTo(0.1235);
        assertThat(header.path("levels").path("b").asDouble()).isZero();
        ByteBuffer alone =
                codec.remoteAudio("p", List.of("p"), java.util.Map.of(), PageCodec.UNNUMBERED, new short[] {0});
        JsonNode plain = json.readTree(
                new String(alone.array(), 3, alone.getShort(1) & 0xffff, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(plain.has("levels")).isFalse();
        assertThat(plain.has("frame")).isFalse();
    }

    @Test
    void audioThatCameAsPacketsCarriesItsFrameIndex() throws Exception {
        ByteBuffer out = codec.remoteAudio("p", List.of("p"), java.util.Map.of(), 123_456_789_012L, new short[] {0});
        JsonNode header = json.readTree(
                new String(out.array(), 3, out.getShort(1) & 0xffff, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(header.path("frame").asLong()).isEqualTo(123_456_789_012L);
    }
}
