package dev.starling.node.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoSourceKind;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.DeviceState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * The call page's media channel on the wire (see docs/call.md): binary messages are {@code [u8
 * kind][u16 header length][JSON header][payload]}, text messages are JSON objects with a type.
 * Decoding checks every length against the limits before it allocates, so a hostile page cannot
 * make the node reserve more than one picture's worth.
 */
public final class PageCodec {
    /** The frame index of audio that has none. */
    public static final long UNNUMBERED = -1;

    static final int KIND_AUDIO = 0x01;
    static final int KIND_CAMERA = 0x02;
    static final int KIND_SCREEN = 0x03;
    static final int KIND_REMOTE_AUDIO = 0x11;
    static final int KIND_REMOTE_VIDEO = 0x12;

    static final int MAX_HEADER_BYTES = 1024;
    /** 100 ms at 48 kHz: more at once would only be late. */
    static final int MAX_AUDIO_SAMPLES = 4800;

    static final int MAX_WIDTH = 1920;
    static final int MAX_HEIGHT = 1080;
    /** The largest message a page may send: a full-HD picture and its header. */
    public static final int MAX_MESSAGE_BYTES = 3 + MAX_HEADER_BYTES + MAX_WIDTH * MAX_HEIGHT * 3 / 2;

    private final ObjectMapper json;

    public PageCodec(ObjectMapper json) {
        this.json = json;
    }

    /** A binary message from the page. */
    public PageMessage decode(ByteBuffer message) throws MalformedPageMessage {
        ByteBuffer in = message.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (in.remaining() < 3) {
            throw new MalformedPageMessage("a binary message needs a kind and a header length");
        }
        int kind = in.get() & 0xff;
        int headerLength = in.getShort() & 0xffff;
        if (headerLength > MAX_HEADER_BYTES || headerLength > in.remaining()) {
            throw new MalformedPageMessage("header of " + headerLength + " bytes: too long or cut off");
        }
        byte[] headerBytes = new byte[headerLength];
        in.get(headerBytes);
        JsonNode header = parseObject(new String(headerBytes, StandardCharsets.UTF_8), "binary header");
        return switch (kind) {
            case KIND_AUDIO -> audio(in);
            case KIND_CAMERA -> picture(VideoSourceKind.CAMERA, header, in);
            case KIND_SCREEN -> picture(VideoSourceKind.SCREEN, header, in);
            default -> throw new MalformedPageMessage("unknown binary kind 0x" + Integer.toHexString(kind));
        };
    }

    /** A text message from the page; only {@code state} is defined. */
    public PageMessage decodeText(String text) throws MalformedPageMessage {
        if (text.length() > MAX_HEADER_BYTES) {
            throw new MalformedPageMessage("text message of " + text.length() + " characters is too long");
        }
        JsonNode message = parseObject(text, "text message");
        String type = message.path("type").asText("");
        if (!type.equals("state")) {
            throw new MalformedPageMessage("unknown message type '" + type + "'");
        }
        return new PageMessage.State(
                new CallState(device(message, "audio"), device(message, "video"), device(message, "screen")));
    }

    private static PageMessage audio(ByteBuffer in) throws MalformedPageMessage {
        int bytes = in.remaining();
        if (bytes == 0 || bytes % 2 != 0 || bytes / 2 > MAX_AUDIO_SAMPLES) {
            throw new MalformedPageMessage(
                    "audio must be 1 to " + MAX_AUDIO_SAMPLES + " 16-bit samples, got " + bytes + " bytes");
        }
        short[] pcm = new short[bytes / 2];
        in.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return new PageMessage.Audio(pcm);
    }

    private static PageMessage picture(VideoSourceKind source, JsonNode header, ByteBuffer in)
            throws MalformedPageMessage {
        int w = header.path("w").asInt(-1);
        int h = header.path("h").asInt(-1);
        if (w < 2 || h < 2 || w > MAX_WIDTH || h > MAX_HEIGHT || w % 2 != 0 || h % 2 != 0) {
            throw new MalformedPageMessage("a picture must be even-sized, 2x2 to " + MAX_WIDTH + "x" + MAX_HEIGHT
                    + ", got " + header.path("w") + "x" + header.path("h"));
        }
        long expected = I420Frame.frameBytes(w, h);
        if (in.remaining() != expected) {
            throw new MalformedPageMessage(
                    "a " + w + "x" + h + " I420 picture is " + expected + " bytes, got " + in.remaining());
        }
        byte[] i420 = new byte[(int) expected];
        in.get(i420);
        return new PageMessage.Picture(source, w, h, i420);
    }

    private static DeviceState device(JsonNode message, String field) throws MalformedPageMessage {
        String value = message.path(field).asText("");
        return switch (value) {
            case "on" -> DeviceState.ON;
            case "off" -> DeviceState.OFF;
            case "none" -> DeviceState.NONE;
            default -> throw new MalformedPageMessage(field + " must be on, off or none");
        };
    }

    private JsonNode parseObject(String text, String what) throws MalformedPageMessage {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedPageMessage(what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPageMessage(what + " must be a JSON object");
        }
        return node;
    }

    // ---- node to page ----

    /**
     * 10 ms of a link's decoded audio; for a mix, {@code levels} says how loud each voice in it
     * was lately (RMS 0 to 1, rounded to 4 places), as its mixer reported. Audio that came as
     * packets carries its frame index ({@code frame}), and the page plays it by that index;
     * audio played out by libwebrtc is {@link #UNNUMBERED} and plays as it comes.
     */
    public ByteBuffer remoteAudio(
            String fromPeer, Collection<String> carries, Map<String, Double> levels, long frameIndex, short[] pcm) {
        ObjectNode header = header(fromPeer, carries);
        if (frameIndex != UNNUMBERED) {
            header.put("frame", frameIndex);
        }
        if (!levels.isEmpty()) {
            ObjectNode voices = header.putObject("levels");
            levels.forEach((origin, level) -> voices.put(origin, Math.round(level * 10_000) / 10_000.0));
        }
        ByteBuffer out = message(KIND_REMOTE_AUDIO, header, pcm.length * 2);
        out.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(pcm);
        out.position(out.position() + pcm.length * 2);
        return out.flip();
    }

    /** One of a link's decoded pictures. */
    public ByteBuffer remoteVideo(
            String fromPeer, VideoSourceKind source, Collection<String> carries, I420Frame picture) {
        ObjectNode header = header(fromPeer, carries);
        header.put("source", source.wireName());
        header.put("w", picture.width());
        header.put("h", picture.height());
        ByteBuffer out =
                message(KIND_REMOTE_VIDEO, header, (int) I420Frame.frameBytes(picture.width(), picture.height()));
        putPlane(out, picture.y(), picture.strideY(), picture.width(), picture.height());
        putPlane(out, picture.u(), picture.strideUv(), picture.chromaWidth(), picture.chromaHeight());
        putPlane(out, picture.v(), picture.strideUv(), picture.chromaWidth(), picture.chromaHeight());
        return out.flip();
    }

    /** A text message: {@code {"type": type, ...fields}}. */
    public String text(String type, ObjectNode fields) {
        ObjectNode message = json.createObjectNode().put("type", type);
        message.setAll(fields);
        return message.toString();
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    private ObjectNode header(String fromPeer, Collection<String> carries) {
        ObjectNode header = json.createObjectNode().put("from", fromPeer);
        carries.forEach(header.putArray("carries")::add);
        return header;
    }

    private static ByteBuffer message(int kind, ObjectNode header, int payloadBytes) {
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(3 + headerBytes.length + payloadBytes);
        out.put((byte) kind).putShort((short) headerBytes.length).put(headerBytes);
        return out;
    }

    private static void putPlane(ByteBuffer out, byte[] plane, int stride, int width, int rows) {
        for (int row = 0; row < rows; row++) {
            out.put(plane, row * stride, width);
        }
    }
}
