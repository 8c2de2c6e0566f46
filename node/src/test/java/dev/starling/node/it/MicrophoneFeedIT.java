package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.starling.node.media.record.WavWriter;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.source.DeviceCatalog;
import dev.starling.node.media.source.DeviceSources;
import dev.starling.node.media.source.MicrophoneFeed;
import dev.starling.node.media.synthetic.Pcm;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.DeviceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real capture device: a PulseAudio server of the test's own (installed by the test command),
 * whose null sink plays a 440 Hz tone; its monitor, remapped, is the microphone. The feed records it
 * through libwebrtc's audio device module and serves it as frames, as every link of a
 * {@code --media devices} node (and a mixer's own voice in its mixes) takes it. (PulseAudio's
 * sine source would be simpler, but it delivers in 2 s blocks, unlike any real microphone.)
 */
class MicrophoneFeedIT {
    private static final String SINK = "starling_test_tone";
    private static final String DESCRIPTION = "StarlingTestTone";
    private static Process server;
    private static Process player;

    @BeforeAll
    static void startSoundServer(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("pulseaudio") && onPath("paplay"), "needs PulseAudio (./starling test installs it)");
        assumeTrue(!answers(), "a sound server is already running; this test brings up its own");
        server = new ProcessBuilder(
                        "pulseaudio",
                        "--daemonize=no",
                        "-n",
                        "--exit-idle-time=-1",
                        "--disallow-exit",
                        "--load=module-native-protocol-unix",
                        "--load=module-null-sink sink_name=" + SINK,
                        // libwebrtc lists no monitor sources, so the monitor is remapped into an ordinary one
                        "--load=module-remap-source master=" + SINK + ".monitor source_name=" + SINK + "_mic"
                                + " source_properties=device.description=" + DESCRIPTION)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(MicrophoneFeedIT::answers);
        Path tone = dir.resolve("tone.wav");
        writeTone(tone, 30);
        player = new ProcessBuilder("paplay", "-d", SINK, tone.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void writeTone(Path path, int seconds) throws Exception {
        short[] samples = new short[AudioFrames.SAMPLE_RATE * seconds];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / AudioFrames.SAMPLE_RATE));
        }
        try (WavWriter wav = new WavWriter(path, AudioFrames.SAMPLE_RATE, 1)) {
            byte[] pcm = Pcm.toLittleEndian(samples);
            wav.write(pcm, 0, pcm.length);
        }
    }

    @AfterAll
    static void stopSoundServer() throws Exception {
        for (Process p : new Process[] {player, server}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void theMicrophonesToneArrivesAsFramesOnTheNodesClock() throws Exception {
        List<AudioDevice> microphones = DeviceCatalog.system().microphones();
        AudioDevice tone = microphones.stream()
                .filter(d -> d.getName().contains(DESCRIPTION))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the tone's monitor is not a capture device: " + microphones));

        short[] frame = new short[AudioFrames.FRAME_SAMPLES];
        int voiced = 0;
        int crossings = 0;
        try (MicrophoneFeed feed = new MicrophoneFeed(tone)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.framesCaptured() > 0);
            long start = System.nanoTime();
            for (long f = 0; f < 200; f++) { // 2 s paced like a pusher: frame f at start + 10 f ms
                long due = start + f * 10_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                feed.frames().render(f, frame);
                if (peak(frame) > 1000) {
                    voiced++;
                    crossings += risingZeroCrossings(frame);
                }
            }
            System.out.println("microphone feed: " + feed.counters() + ", voiced frames " + voiced + " of 200");
        }
        assertThat(voiced).as("frames carrying the tone").isGreaterThan(180);
        double hz = crossings / (voiced * 0.010);
        assertThat(hz).as("frequency of what was captured").isBetween(400.0, 480.0);
    }

    @Test
    void devicesWithoutACameraTakePartAudioOnly() throws Exception {
        assumeTrue(DeviceCatalog.system().cameras().isEmpty(), "this machine has a camera");
        try (DeviceSources sources = DeviceSources.open(DeviceCatalog.system(), 640, 360, 30)) {
            assertThat(sources.describe()).contains("no camera (audio only)");
            assertThat(sources.initialCallState())
                    .isEqualTo(new CallState(DeviceState.ON, DeviceState.NONE, DeviceState.NONE));
            assertThat(sources.video(0).live()).as("no camera: nothing to send").isFalse();
            assertThat(sources.audio(0).live()).isTrue();
        }
    }

    private static int peak(short[] s) {
        int peak = 0;
        for (short v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak;
    }

    private static int risingZeroCrossings(short[] s) {
        int n = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                n++;
            }
        }
        return n;
    }

    private static boolean answers() {
        try {
            Process info = new ProcessBuilder("pactl", "info")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return info.waitFor(3, TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
