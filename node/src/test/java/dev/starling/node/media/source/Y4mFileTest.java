package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.record.Y4mWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Y4mFileTest {
    private static final int W = 6;
    private static final int H = 4;

    @TempDir
    Path dir;

    @Test
    void readsFramesBackAndLoops() throws Exception {
        Path path = record("clip.y4m", 3);
        try (Y4mFile file = Y4mFile.open(path)) {
            assertThat(file.width()).isEqualTo(W);
            assertThat(file.height()).isEqualTo(H);
            assertThat(file.frameCount()).isEqualTo(3);
            assertThat(file.frameIntervalMicros()).isEqualTo(40_000); // written at 25 fps
            I420Frame image = I420Frame.packed(W, H);
            for (long f = 0; f < 7; f++) {
                file.render(f, image);
                int n = (int) (f % 3);
                assertThat(image.y()).as("frame %d", f).containsOnly((byte) (10 + n));
                assertThat(image.u()).containsOnly((byte) (100 + n));
                assertThat(image.v()).containsOnly((byte) (200 + n));
            }
        }
    }

    @Test
    void acceptsHeadersWithoutColourSpaceAndWithFrameParameters() throws Exception {
        byte[] frame = new byte[(int) I420Frame.frameBytes(W, H)];
        Arrays.fill(frame, (byte) 42);
        Path path = dir.resolve("plain.y4m");
        Files.write(
                path,
                concat(
                        ascii("YUV4MPEG2 W6 H4 F30000:1001 Ip A0:0 XCOMMENT=yes\n"),
                        ascii("FRAME Ixyz\n"),
                        frame,
                        ascii("FRAME\n"),
                        frame));
        try (Y4mFile file = Y4mFile.open(path)) {
            assertThat(file.frameCount()).isEqualTo(2);
            assertThat(file.frameIntervalMicros()).isEqualTo(33_367);
            I420Frame image = I420Frame.packed(W, H);
            file.render(1, image);
            assertThat(image.v()).containsOnly((byte) 42);
        }
    }

    @Test
    void truncatedFileIsRejectedNamingTheFile() throws Exception {
        Path path = record("cut.y4m", 2);
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> Y4mFile.open(path))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("truncated: frame 1");
    }

    @Test
    void garbageAndUnsupportedStreamsAreRejected() throws Exception {
        Path garbage = dir.resolve("garbage.y4m");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThatThrownBy(() -> Y4mFile.open(garbage))
                .hasMessageContaining(garbage.toString())
                .hasMessageContaining("not a YUV4MPEG2");

        assertRejected("YUV4MPEG2 W6 H4 F25:1 C444\n", "C444");
        assertRejected("YUV4MPEG2 W6 H4 F25:1 C420p10\n", "C420p10");
        assertRejected("YUV4MPEG2 H4 F25:1\n", "size");
        assertRejected("YUV4MPEG2 W6 H4\n", "frame rate");
        assertRejected("YUV4MPEG2 W6 H4 F0:1\n", "frame rate");
        assertRejected("YUV4MPEG2 W6 H4 F240:1\n", "outside 1-60");
        assertRejected("YUV4MPEG2 Wsix H4 F25:1\n", "not a number");
        assertRejected("YUV4MPEG2 W6 H4 F25:1\n", "no frames");
        assertRejected("YUV4MPEG2 W6 H4 F25:1\nGARBAGE\n", "does not start with FRAME");
    }

    private void assertRejected(String content, String why) throws Exception {
        Path path = dir.resolve("bad.y4m");
        Files.write(path, ascii(content));
        assertThatThrownBy(() -> Y4mFile.open(path))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining(why);
    }

    /** Frames of uniform planes (Y 10+n, U 100+n, V 200+n), written by the recorder. */
    private Path record(String name, int frames) throws Exception {
        Path path = dir.resolve(name);
        int cw = (W + 1) / 2;
        int ch = (H + 1) / 2;
        try (Y4mWriter writer = new Y4mWriter(path, 25)) {
            for (int n = 0; n < frames; n++) {
                writer.write(
                        W, H, filled(W * H, 10 + n), W, filled(cw * ch, 100 + n), cw, filled(cw * ch, 200 + n), cw);
            }
        }
        return path;
    }

    private static ByteBuffer filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
