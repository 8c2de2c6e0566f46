package dev.starling.node.media.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.node.media.synthetic.MarkerDetector;
import dev.starling.node.media.synthetic.MarkerPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real engines in a full mesh, node-a sharing a screen on every link's second video track,
 * inside a network namespace of this test's own (libwebrtc
 * ignores loopback, so the namespace holds an addressed veth pair). The engines run in a child
 * JVM started with {@code ip netns exec}; the child reports one JSON line, and must then exit on
 * its own, which proves teardown leaves no native thread keeping the JVM alive.
 */
class MediaMeshNamespaceIT {
    private static final long CHILD_TIMEOUT_SECONDS = 75;

    @Test
    void threeNodesExchangeMeasuredMediaAndTearDownCleanly(@TempDir Path tmp) throws Exception {
        assumeTrue(Privileges.isRoot(new ProcessCommandRunner()), () -> {
            System.out.println("SKIPPED: needs root (CAP_NET_ADMIN) to create a network namespace");
            return "needs root to create a network namespace";
        });
        assumeTrue(run(List.of("ip", "netns", "list")) == 0, "the ip tool with netns support is required");

        String ns = "stl-m-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFL);
        int subnet = 1 + ThreadLocalRandom.current().nextInt(250);
        Path log = tmp.resolve("child.log");
        Path recordDir = tmp.resolve("record");
        Process child = null;
        try {
            mustRun(List.of("ip", "netns", "add", ns));
            mustRun(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
            mustRun(List.of("ip", "-n", ns, "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b"));
            mustRun(List.of("ip", "-n", ns, "addr", "add", "10.213." + subnet + ".1/24", "dev", "veth-a"));
            mustRun(List.of("ip", "-n", ns, "link", "set", "veth-a", "up"));
            mustRun(List.of("ip", "-n", ns, "link", "set", "veth-b", "up"));

            String java =
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of(
                    "ip",
                    "netns",
                    "exec",
                    ns,
                    java,
                    "-Xmx384m",
                    "-Djava.io.tmpdir=" + tmp,
                    "-cp",
                    cp,
                    MeshCheckMain.class.getName(),
                    "8",
                    recordDir.toString()));
            child = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean exited = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            String resultLine = output.lines()
                    .filter(l -> l.startsWith("RESULT "))
                    .findFirst()
                    .orElse(null);
            assertThat(resultLine).as("child output:%n%s", tail(output)).isNotNull();
            assertThat(exited)
                    .as("child JVM must exit by itself after teardown:%n%s", tail(output))
                    .isTrue();
            assertThat(child.exitValue())
                    .as("child exit code:%n%s", tail(output))
                    .isZero();

            JsonNode result = new ObjectMapper().readTree(resultLine.substring("RESULT ".length()));
            System.out.println("mesh result: " + result.toPrettyString());
            assertThat(result.get("failures")).as("failures").isEmpty();
            assertThat(result.get("all_connected").asBoolean()).isTrue();
            JsonNode links = result.get("links");
            assertThat(links).hasSize(6);
            for (JsonNode l : links) {
                String pair = l.get("from").asText() + "->" + l.get("to").asText();
                assertThat(l.get("stamps").asLong()).as(pair + " video stamps").isGreaterThan(20);
                assertThat(l.get("markers").asLong())
                        .as(pair + " audio markers")
                        .isGreaterThanOrEqualTo(5);
                // Bounds prove the measurement works, not performance: on a starved 2-core machine the
                // receiver's jitter buffer alone reached ~1 s. Latency targets belong to the benchmark.
                // Latency figures are measured here, not judged: a loaded CI box stretches them, and
                // the targets live in the lab benchmark (README). A positive p50 proves timing works.
                assertThat(l.get("video_p50_ms").asDouble())
                        .as(pair + " video p50")
                        .isPositive();
                assertThat(l.get("audio_p50_ms").asDouble())
                        .as(pair + " audio p50")
                        .isPositive();
                assertThat(l.at("/stats/outbound-video/kbps").asDouble())
                        .as(pair + " outbound video kbps")
                        .isPositive();
                assertThat(l.at("/stats/inbound-video/frames_decoded").asLong())
                        .as(pair + " frames decoded")
                        .isPositive();
            }
            result.get("probe_mbps")
                    .forEach(byPeer ->
                            byPeer.forEach(v -> assertThat(v.asDouble()).isPositive()));
            assertThat(result.get("a_from_b_frames_after_hangup").asLong()).isPositive();
            // node-a shares a screen on its second video track; node-b hands it on as the screen.
            assertThat(result.at("/screen/pictures_to_page").asLong())
                    .as("screen pictures from node-a at node-b's listener")
                    .isGreaterThanOrEqualTo(10);
            for (JsonNode l : links) {
                boolean fromSharer = "node-a".equals(l.get("from").asText());
                assertThat(l.get("screen_frames").asLong() > 0)
                        .as(l.get("from").asText() + "->" + l.get("to").asText() + " screen frames")
                        .isEqualTo(fromSharer);
            }
            checkRecordings(recordDir);
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(5, TimeUnit.SECONDS);
            }
            run(List.of("ip", "netns", "del", ns));
        }
    }

    /**
     * node-c recorded what it received from a and b. The files must be standard WAV/Y4M, and
     * the two decoded (Opus) audio streams summed, as a mixer would, must still yield both
     * senders' markers.
     */
    private static void checkRecordings(Path dir) throws IOException {
        for (String peer : List.of("node-a", "node-b")) {
            byte[] y4m = Files.readAllBytes(dir.resolve(peer + ".y4m"));
            String header = new String(y4m, 0, Math.min(64, y4m.length), StandardCharsets.US_ASCII);
            assertThat(header).startsWith("YUV4MPEG2 W320 H240 F15:1");
            int frameBytes = "FRAME\n".length() + 320 * 240 * 3 / 2;
            int headerBytes = header.indexOf('\n') + 1;
            assertThat((y4m.length - headerBytes) % frameBytes).isZero();
            assertThat((y4m.length - headerBytes) / frameBytes)
                    .as(peer + " recorded frames")
                    .isGreaterThan(30);
        }
        short[] a = wavFirstChannel(dir.resolve("node-a.wav"));
        short[] b = wavFirstChannel(dir.resolve("node-b.wav"));
        int n = Math.min(a.length, b.length);
        short[] mix = new short[n];
        for (int i = 0; i < n; i++) {
            mix[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, a[i] + b[i]));
        }
        int slotA = MarkerPlan.slotFor("node-a");
        int slotB = MarkerPlan.slotFor("node-b");
        long aAlone = count(a, slotA, n);
        long bAlone = count(b, slotB, n);
        long aMixed = count(mix, slotA, n);
        long bMixed = count(mix, slotB, n);
        double seconds = n / 48_000.0;
        System.out.printf(
                "recordings: %.1f s; markers alone a=%d b=%d, in the mix a=%d b=%d (at most ~%d each)%n",
                seconds, aAlone, bAlone, aMixed, bMixed, (int) (seconds * 5));
        // Absolute counts depend on how hard a loaded machine makes the jitter buffer stretch audio;
        // what the mix must not do is lose most markers that each stream alone still carries
        // (measured: 43/44 and 46/46 on a quiet machine, 32/37 and 21/28 at load average 13).
        assertThat(aAlone).as("markers of a alone").isGreaterThan((long) (seconds * 5 * 0.25));
        assertThat(bAlone).as("markers of b alone").isGreaterThan((long) (seconds * 5 * 0.25));
        assertThat(aMixed).as("markers of a in the mix").isGreaterThanOrEqualTo(Math.round(aAlone * 0.6));
        assertThat(bMixed).as("markers of b in the mix").isGreaterThanOrEqualTo(Math.round(bAlone * 0.6));
    }

    private static long count(short[] audio, int slot, int length) {
        return new MarkerDetector()
                .process(audio, 0, length).stream()
                        .filter(d -> d.slot() == slot)
                        .count();
    }

    private static short[] wavFirstChannel(Path wav) throws IOException {
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.wrap(Files.readAllBytes(wav)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(b.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(b.getShort(20)).as("PCM").isEqualTo((short) 1);
        int channels = b.getShort(22);
        assertThat(b.getInt(24)).as("sample rate").isEqualTo(48_000);
        int dataBytes = b.getInt(40);
        assertThat(dataBytes).isEqualTo(b.capacity() - 44);
        int frames = dataBytes / (2 * channels);
        short[] out = new short[frames];
        for (int i = 0; i < frames; i++) {
            out[i] = b.getShort(44 + i * 2 * channels);
        }
        return out;
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static void mustRun(List<String> cmd) throws IOException, InterruptedException {
        assertThat(run(cmd)).as(String.join(" ", cmd)).isZero();
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
