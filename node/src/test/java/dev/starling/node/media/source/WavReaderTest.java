package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.node.media.record.WavWriter;
import dev.starling.node.media.synthetic.Pcm;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBackWhatTheRecorderWrote() throws Exception {
        short[] samples = ramp(1000);
        Path path = write("mono.wav", 48_000, 1, samples);
        short[] read = frames(WavReader.read(path), samples.length);
        assertThat(read).containsExactly(samples);
    }

    @Test
    void stereoIsDownmixedToMono() throws Exception {
        short[] interleaved = {100, 300, -200, -400, 32767, 32767};
        Path path = write("stereo.wav", 48_000, 2, interleaved);
        PcmClip clip = WavReader.read(path);
        assertThat(clip.length()).isEqualTo(3);
        assertThat(frames(clip, 3)).containsExactly((short) 200, (short) -300, (short) 32767);
    }

    @Test
    void otherRatesAreResampledTo48k() throws Exception {
        Path path = write("16k.wav", 16_000, 1, new short[1600]);
        assertThat(WavReader.read(path).length()).isEqualTo(4800);
    }

    @Test
    void skipsUnknownChunksIncludingOddSizedOnes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("RIFF"));
        out.writeBytes(le32(0)); // players ignore the RIFF size; so do we
        out.writeBytes(ascii("WAVE"));
        out.writeBytes(chunk("LIST", new byte[5])); // odd: padded to 6
        out.writeBytes(chunk("fmt ", fmt(1, 1, 48_000, 16)));
        out.writeBytes(chunk("fact", new byte[4]));
        out.writeBytes(chunk("data", Pcm.toLittleEndian(new short[] {7, 8, 9})));
        Path path = dir.resolve("chunks.wav");
        Files.write(path, out.toByteArray());
        assertThat(frames(WavReader.read(path), 3)).containsExactly((short) 7, (short) 8, (short) 9);
    }

    @Test
    void truncatedDataIsRejectedNamingTheFile() throws Exception {
        Path path = write("cut.wav", 48_000, 1, ramp(1000));
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> WavReader.read(path))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void garbageAndUnsupportedFormatsAreRejected() throws Exception {
        Path garbage = dir.resolve("garbage.wav");
        Files.write(garbage, "this is not audio at all".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> WavReader.read(garbage))
                .hasMessageContaining(garbage.toString())
                .hasMessageContaining("not a RIFF/WAVE");

        Path empty = dir.resolve("empty.wav");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> WavReader.read(empty)).hasMessageContaining("not a RIFF/WAVE");

        Path eightBit = dir.resolve("8bit.wav");
        Files.write(
                eightBit,
                concat(
                        ascii("RIFF"),
                        le32(0),
                        ascii("WAVE"),
                        chunk("fmt ", fmt(1, 1, 48_000, 8)),
                        chunk("data", new byte[10])));
        assertThatThrownBy(() -> WavReader.read(eightBit)).hasMessageContaining("8-bit");

        Path noData = dir.resolve("nodata.wav");
        Files.write(noData, concat(ascii("RIFF"), le32(0), ascii("WAVE"), chunk("fmt ", fmt(1, 2, 48_000, 16))));
        assertThatThrownBy(() -> WavReader.read(noData)).hasMessageContaining("no data chunk");

        Path crashed = write("crashed.wav", 48_000, 1, new short[0]); // sizes never patched
        assertThatThrownBy(() -> WavReader.read(crashed)).hasMessageContaining("no audio samples");

        Path missing = dir.resolve("missing.wav");
        assertThatThrownBy(() -> WavReader.read(missing))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void clipLoopsSeamlesslyAcrossItsEnd() {
        short[] samples = ramp(700); // not a multiple of the 480-sample frame
        PcmClip clip = new PcmClip(samples);
        short[] stream = frames(clip, 480 * 5);
        for (int i = 0; i < stream.length; i++) {
            assertThat(stream[i]).as("sample %d", i).isEqualTo(samples[i % 700]);
        }
        short[] frame = new short[480];
        clip.render(1_000_000, frame); // far into the loop, as after hours of sending
        assertThat(frame[0]).isEqualTo(samples[(int) (1_000_000L * 480 % 700)]);
    }

    private Path write(String name, int rate, int channels, short[] interleaved) throws Exception {
        Path path = dir.resolve(name);
        try (WavWriter w = new WavWriter(path, rate, channels)) {
            byte[] pcm = Pcm.toLittleEndian(interleaved);
            w.write(pcm, 0, pcm.length);
        }
        return path;
    }

    /** The first {@code n} samples of the looped clip, rendered frame by frame as the pusher does. */
    private static short[] frames(PcmClip clip, int n) {
        short[] out = new short[n];
        short[] frame = new short[AudioFrames.FRAME_SAMPLES];
        for (int f = 0; f * frame.length < n; f++) {
            clip.render(f, frame);
            System.arraycopy(frame, 0, out, f * frame.length, Math.min(frame.length, n - f * frame.length));
        }
        return out;
    }

    private static short[] ramp(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (i * 37 - 9000);
        }
        return s;
    }

    private static byte[] fmt(int format, int channels, int rate, int bits) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) format)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8))
                .putShort((short) bits);
        return b.array();
    }

    private static byte[] chunk(String id, byte[] body) {
        byte[] padded = Arrays.copyOf(body, body.length + (body.length & 1));
        return concat(ascii(id), le32(body.length), padded);
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
