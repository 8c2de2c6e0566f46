package dev.starling.node.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordWritersTest {
    @Test
    void wavHeaderDescribesPcmAndPatchedSizes(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("a.wav");
        try (WavWriter w = new WavWriter(path, 48_000, 1)) {
            w.write(new byte[960], 0, 960);
            w.write(new byte[960], 0, 480);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.capacity()).isEqualTo(44 + 1440);
        assertThat(ascii(b, 0)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(36 + 1440);
        assertThat(ascii(b, 8)).isEqualTo("WAVE");
        assertThat(ascii(b, 12)).isEqualTo("fmt ");
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getShort(20)).isEqualTo((short) 1);
        assertThat(b.getShort(22)).isEqualTo((short) 1);
        assertThat(b.getInt(24)).isEqualTo(48_000);
        assertThat(b.getInt(28)).isEqualTo(96_000);
        assertThat(b.getShort(32)).isEqualTo((short) 2);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(ascii(b, 36)).isEqualTo("data");
        assertThat(b.getInt(40)).isEqualTo(1440);
    }

    @Test
    void y4mHasStreamHeaderAndFramesAndSkipsSizeChanges(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("v.y4m");
        int w = 4;
        int h = 2;
        int stride = 8; // padded rows must not leak into the file
        ByteBuffer y = ByteBuffer.allocate(stride * h);
        ByteBuffer u = ByteBuffer.allocate(stride);
        ByteBuffer v = ByteBuffer.allocate(stride);
        for (int i = 0; i < y.capacity(); i++) {
            y.put(i, (byte) i);
        }
        try (Y4mWriter writer = new Y4mWriter(path, 30)) {
            writer.write(w, h, y, stride, u, stride, v, stride);
            writer.write(w, h, y, stride, u, stride, v, stride);
            writer.write(6, 2, y, stride, u, stride, v, stride);
            assertThat(writer.framesWritten()).isEqualTo(2);
            assertThat(writer.framesSkipped()).isEqualTo(1);
        }
        byte[] bytes = Files.readAllBytes(path);
        String header = "YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg\n";
        assertThat(new String(bytes, 0, header.length(), StandardCharsets.US_ASCII))
                .isEqualTo(header);
        int frame = "FRAME\n".length() + w * h + 2 * (2 * 1);
        assertThat(bytes).hasSize(header.length() + 2 * frame);
        int firstY = header.length() + "FRAME\n".length();
        assertThat(bytes[firstY + 4]).isEqualTo((byte) 8); // second row starts at stride 8
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] s = new byte[4];
        b.get(at, s);
        return new String(s, StandardCharsets.US_ASCII);
    }
}
