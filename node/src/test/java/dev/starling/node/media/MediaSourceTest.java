package dev.starling.node.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.node.media.record.Y4mWriter;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.media.source.PcmClip;
import dev.starling.node.media.source.SourceUnavailableException;
import dev.starling.node.media.source.Y4mFile;
import dev.starling.node.media.synthetic.SyntheticAudio;
import dev.starling.node.media.synthetic.SyntheticVideo;
import dev.starling.node.timesync.WallClock;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSourceTest {
    @Test
    void parsesEveryChoice() {
        assertThat(MediaSource.parse("none")).isEqualTo(new MediaSource.None());
        assertThat(MediaSource.parse("synthetic")).isEqualTo(new MediaSource.Synthetic());
        assertThat(MediaSource.parse("devices")).isEqualTo(new MediaSource.Devices());
        assertThat(MediaSource.parse("file:a.wav"))
                .isEqualTo(new MediaSource.Files(Optional.of(Path.of("a.wav")), Optional.empty()));
        assertThat(MediaSource.parse("file:/x/b.Y4M,/x/a.WAV"))
                .isEqualTo(new MediaSource.Files(Optional.of(Path.of("/x/a.WAV")), Optional.of(Path.of("/x/b.Y4M"))));
    }

    @Test
    void rejectsBadSyntax() {
        for (String bad : List.of(
                "", "camera", "file:", "file:a.mp3", "file:a.wav,b.wav", "file:a.wav,", "file:a.wav,b.y4m,c.y4m")) {
            assertThatThrownBy(() -> MediaSource.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void devicesDefaultToTheCameraFormat() {
        assertThat(MediaSource.parse("devices").defaultVideo()).isEqualTo(new VideoFormat(640, 360, 30));
        assertThat(MediaSource.parse("file:a.wav").defaultVideo()).isEqualTo(VideoFormat.SYNTHETIC_DEFAULT);
    }

    @Test
    void aTrackWithoutFileStaysSynthetic(@TempDir Path dir) throws Exception {
        Path y4m = dir.resolve("v.y4m");
        try (Y4mWriter w = new Y4mWriter(y4m, 10)) {
            w.write(2, 2, ByteBuffer.allocate(4), 2, ByteBuffer.allocate(1), 1, ByteBuffer.allocate(1), 1);
        }
        try (LocalSources sources = open("file:" + y4m)) {
            assertThat(sources.audio(3)).isInstanceOf(SyntheticAudio.class);
            assertThat(sources.video(1)).isInstanceOf(Y4mFile.class);
            assertThat(sources.video(1).width()).isEqualTo(2); // the file's size wins over --video
        }
        Path wav = dir.resolve("a.wav");
        try (var w = new dev.starling.node.media.record.WavWriter(wav, 48_000, 1)) {
            w.write(new byte[960], 0, 960);
        }
        try (LocalSources sources = open("file:" + wav)) {
            AudioFrames audio = sources.audio(3);
            assertThat(audio).isInstanceOf(PcmClip.class);
            assertThat(sources.video(1)).isInstanceOf(SyntheticVideo.class);
        }
    }

    @Test
    void aBadFileFailsAtOpenNamingIt(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("noise.wav");
        Files.write(wav, new byte[100]);
        assertThatThrownBy(() -> open("file:" + wav))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(wav.toString());
    }

    private static LocalSources open(String spec) throws SourceUnavailableException {
        return MediaSource.parse(spec)
                .open(VideoFormat.SYNTHETIC_DEFAULT, WallClock.system(), null)
                .orElseThrow();
    }
}
