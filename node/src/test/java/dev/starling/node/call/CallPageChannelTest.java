package dev.starling.node.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoSourceKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallPageChannelTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<JsonNode> videoHeaders = new ArrayList<>();
    private final CallPageChannel channel =
            new CallPageChannel(null, new PageCodec(json), state -> {}, LinkContents.NONE, json::createObjectNode);

    private final PageConnection page = new PageConnection() {
        @Override
        public void sendText(String message) {}

        @Override
        public void sendBinary(ByteBuffer message, Runnable done) {
            if (message.get(0) == 0x12) {
                int length = message.getShort(1) & 0xFFFF;
                byte[] header = new byte[length];
                message.get(3, header);
                try {
                    videoHeaders.add(json.readTree(new String(header, StandardCharsets.UTF_8)));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            done.run();
        }

        @Override
        public void close(int code, String reason) {}
    };

    @Test
    void aPeersScreenAndCameraReachThePageEachWithItsSourceAndItsOwnRate() {
        channel.attach(page);
        I420Frame picture = I420Frame.black(4, 4);
        channel.video("node-a", VideoSourceKind.CAMERA, picture);
        channel.video("node-a", VideoSourceKind.SCREEN, picture); // not held back by the camera's picture
        channel.video("node-a", VideoSourceKind.SCREEN, picture); // too soon after the last screen picture
        channel.video("node-b", VideoSourceKind.SCREEN, picture);
        assertThat(videoHeaders)
                .extracting(h -> h.get("from").asText() + "/" + h.get("source").asText())
                .containsExactly("node-a/camera", "node-a/screen", "node-b/screen");
    }
}
