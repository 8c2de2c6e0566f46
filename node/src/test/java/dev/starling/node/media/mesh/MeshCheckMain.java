package dev.starling.node.media.mesh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.media.MediaConfig;
import dev.starling.node.media.MediaEngine;
import dev.starling.node.media.session.LinkSnapshot;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.timesync.WallClock;
import dev.starling.protocol.v1.IceCandidate;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.SessionDescription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside a network namespace (libwebrtc ignores loopback): three engines in a full mesh
 * over in-memory signalling, with simultaneous connects (glare on every pair), garbage
 * signals and a data-channel flood, a throughput probe, one hangup and a full teardown.
 * node-a shares a screen on its second video track (unless {@code -Dmesh.screen=false}); node-b
 * checks, as its call page would see them, that the screen's pictures arrive labelled as such.
 * Prints one line {@code RESULT {json}}; the caller checks that the JVM then exits by itself.
 */
public final class MeshCheckMain {
    /** Three by default; {@code -Dmesh.peers=2} gives the two-peer latency figure (no hangup check). */
    private static final List<String> IDS =
            List.of("node-a", "node-b", "node-c").subList(0, Integer.getInteger("mesh.peers", 3));
    /** node-c's clock runs this far ahead, as if on another machine; time sync must correct for it. */
    static final long SKEW_MICROS = 250_000;

    private static final String SHARER = "node-a";
    private static final boolean SHARE_SCREEN = Boolean.parseBoolean(System.getProperty("mesh.screen", "true"));

    public static void main(String[] args) throws Exception {
        quietLogs();
        int mediaSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        java.nio.file.Path recordDir = args.length > 1 ? java.nio.file.Path.of(args[1]) : null;
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        InMemorySignaling signaling = new InMemorySignaling();
        Map<String, MediaEngine> engines = new LinkedHashMap<>();
        long startNanos = System.nanoTime();
        try {
            for (String id : IDS) {
                boolean isC = id.equals("node-c");
                WallClock system = WallClock.system();
                WallClock clock = isC ? () -> system.nowMicros() + SKEW_MICROS : system;
                MediaConfig config = MediaConfig.synthetic(id)
                        .withRecordDir(
                                recordDir == null
                                        ? null
                                        : isC
                                                ? recordDir
                                                : Boolean.getBoolean("mesh.recordAll") ? recordDir.resolve(id) : null);
                // -Dmesh.media=file:... sends files instead (a manual check: stamps and markers then fail).
                String source = System.getProperty("mesh.media", "synthetic");
                LocalSources sources = dev.starling.node.media.MediaSource.parse(source)
                        .open(
                                new dev.starling.node.media.VideoFormat(config.width(), config.height(), config.fps()),
                                clock,
                                dev.starling.node.media.source.DeviceCatalog.system())
                        .orElseThrow();
                if (SHARE_SCREEN && id.equals(SHARER)) {
                    sources = new SharedScreenSources(sources);
                }
                MediaEngine e = new MediaEngine(config, signaling.transportFor(id), clock, sources);
                engines.put(id, e);
                signaling.register(id, e);
            }
            ScreenWatcher watcher = new ScreenWatcher(SHARER);
            engines.get("node-b").listen(watcher);
            // Everyone connects to everyone at once: both ends of every pair offer, so glare is exercised.
            for (String a : IDS) {
                for (String b : IDS) {
                    if (!a.equals(b)) {
                        engines.get(a).connect(b);
                    }
                }
            }
            boolean connected = waitUntil(
                    20_000,
                    () -> engines.values().stream()
                            .allMatch(e -> e.links().size() == IDS.size() - 1
                                    && e.links().stream().allMatch(l -> "connected".equals(l.state()))));
            result.put("all_connected", connected);
            result.put("connect_wall_ms", (System.nanoTime() - startNanos) / 1e6);
            if (!connected) {
                failures.add("not all links connected: " + describe(engines));
            }

            injectGarbage(engines, signaling);
            Thread.sleep(mediaSeconds * 1000L);

            Map<String, Object> reports = new LinkedHashMap<>();
            for (String id : IDS) {
                dev.starling.protocol.v1.MetricsReport r = engines.get(id).metricsReport();
                reports.put(
                        id,
                        Map.of(
                                "cpu_pct",
                                r.getCpuPercent(),
                                "up_kbps",
                                r.getUploadKbps(),
                                "down_kbps",
                                r.getDownloadKbps(),
                                "links",
                                r.getLinksCount()));
                if (r.getLinksCount() < 4 * (IDS.size() - 1)
                        || !(r.getUploadKbps() > 0)
                        || !(r.getDownloadKbps() > 0)) {
                    failures.add(id + " metrics report incomplete: " + r);
                }
            }
            result.put("reports", reports);
            // Snapshot media figures before the probe: 2 MiB bursts share the transport and would skew latency.
            Map<String, List<LinkSnapshot>> before = new LinkedHashMap<>();
            for (String id : IDS) {
                before.put(id, engines.get(id).links());
            }
            Map<String, Map<String, Double>> probes = new LinkedHashMap<>();
            for (String id : IDS) {
                probes.put(id, engines.get(id).probeAll().get(60, TimeUnit.SECONDS));
            }
            result.put("probe_mbps", probes);
            List<Map<String, Object>> links = new ArrayList<>();
            for (String id : IDS) {
                for (LinkSnapshot l : before.get(id)) {
                    links.add(linkJson(id, l, failures));
                    Double mbps = probes.get(id).get(l.remotePeer());
                    if (mbps == null || !(mbps > 0)) {
                        failures.add(id + " probe to " + l.remotePeer() + " gave no throughput");
                    }
                }
            }
            result.put("links", links);
            if (SHARE_SCREEN) {
                checkScreen(watcher, before, result, failures);
            }

            if (IDS.size() >= 3) {
                // One node leaves one link; the other end must tear down, the rest keep flowing.
                long hangupStart = System.nanoTime();
                engines.get("node-c").hangup("node-a");
                boolean torn = waitUntil(
                        5_000,
                        () -> engines.get("node-a").link("node-c").isEmpty()
                                && engines.get("node-c").link("node-a").isEmpty());
                result.put("hangup_ms", (System.nanoTime() - hangupStart) / 1e6);
                if (!torn) {
                    failures.add("hangup did not tear down both ends");
                }
                long framesBefore = engines.get("node-a")
                        .link("node-b")
                        .map(LinkSnapshot::videoFrames)
                        .orElse(0L);
                Thread.sleep(1000);
                long framesAfter = engines.get("node-a")
                        .link("node-b")
                        .map(LinkSnapshot::videoFrames)
                        .orElse(0L);
                result.put("a_from_b_frames_after_hangup", framesAfter - framesBefore);
                if (framesAfter - framesBefore < 5) {
                    failures.add("a stopped receiving from b after c hung up");
                }
            }
        } catch (Exception e) {
            failures.add("exception: " + e);
        } finally {
            long closeStart = System.nanoTime();
            for (Map.Entry<String, MediaEngine> e : engines.entrySet()) {
                signaling.unregister(e.getKey());
                e.getValue().close();
            }
            result.put("close_ms", (System.nanoTime() - closeStart) / 1e6);
        }
        Thread.sleep(300);
        List<String> lingering = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t != Thread.currentThread() && !t.isDaemon()) {
                lingering.add(t.getName());
            }
        }
        result.put("threads_after_close", Thread.activeCount());
        result.put("non_daemon_threads_after_close", lingering);
        if (!lingering.isEmpty()) {
            failures.add("threads still alive after close: " + lingering);
        }
        try {
            result.put(
                    "loadavg",
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                            .trim());
        } catch (java.io.IOException ignored) {
            // not Linux
        }
        result.put("failures", failures);
        result.put("ok", failures.isEmpty());
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        System.out.flush();
    }

    private static Map<String, Object> linkJson(String id, LinkSnapshot l, List<String> failures) {
        Map<String, Object> m = new LinkedHashMap<>();
        String pair = l.remotePeer() + "->" + id;
        m.put("from", l.remotePeer());
        m.put("to", id);
        m.put("connect_ms", l.connectMillis());
        m.put("video_frames", l.videoFrames());
        m.put("screen_frames", l.screenFrames());
        m.put("stamps", l.stampsDecoded());
        m.put("video_p50_ms", l.videoLatency().p50());
        m.put("video_p95_ms", l.videoLatency().p95());
        m.put("video_max_ms", l.videoLatency().max());
        m.put("video_samples", l.videoLatency().count());
        m.put("audio_chunks", l.audioChunks());
        m.put("markers", l.markersDetected());
        m.put("audio_p50_ms", l.audioLatency().p50());
        m.put("audio_p95_ms", l.audioLatency().p95());
        m.put("audio_max_ms", l.audioLatency().max());
        m.put("audio_samples", l.audioLatency().count());
        m.put(
                "clock_offset_us",
                l.clockOffset() == null ? null : l.clockOffset().offsetMicros());
        m.put(
                "clock_uncertainty_us",
                l.clockOffset() == null ? null : l.clockOffset().uncertaintyMicros());
        m.put("data_malformed", l.dataMalformed());
        Map<String, Object> stats = new LinkedHashMap<>();
        for (LinkMetrics lm : l.metrics()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("kbps", lm.getBitrateKbps());
            s.put("frames_encoded", lm.getFramesEncoded());
            s.put("frames_decoded", lm.getFramesDecoded());
            s.put("encode_ms", lm.getEncodeMsPerFrame());
            s.put("rtt_ms", lm.getRttMs());
            s.put("jitter_ms", lm.getJitterMs());
            s.put("jb_delay_ms", lm.getJitterBufferDelayMs());
            s.put("concealed", lm.getConcealedSamples());
            stats.put(lm.getDirection() + "-" + lm.getKind(), s);
        }
        m.put("stats", stats);

        long expectedOffset =
                id.equals("node-c") ? -SKEW_MICROS : l.remotePeer().equals("node-c") ? SKEW_MICROS : 0;
        if (l.clockOffset() == null
                || Math.abs(l.clockOffset().offsetMicros() - expectedOffset)
                        > l.clockOffset().uncertaintyMicros() + 2_000) {
            failures.add(pair + " clock offset "
                    + (l.clockOffset() == null ? "missing" : l.clockOffset().offsetMicros()) + " us, expected about "
                    + expectedOffset);
        }
        if (l.stampsDecoded() < 20 || l.videoLatency().count() < 20) {
            failures.add(pair + " video stamps too few: " + l.stampsDecoded());
        }
        if (l.markersDetected() < 5 || l.audioLatency().count() < 3) {
            failures.add(pair + " audio markers too few: " + l.markersDetected());
        }
        boolean statsOk = l.metrics().stream()
                        .anyMatch(x -> "outbound".equals(x.getDirection())
                                && "video".equals(x.getKind())
                                && x.getBitrateKbps() > 0
                                && x.getFramesEncoded() > 0)
                && l.metrics().stream()
                        .anyMatch(x -> "inbound".equals(x.getDirection())
                                && "video".equals(x.getKind())
                                && x.getFramesDecoded() > 0)
                && l.metrics().stream()
                        .anyMatch(x -> "inbound".equals(x.getDirection())
                                && "audio".equals(x.getKind())
                                && x.getBitrateKbps() > 0);
        if (!statsOk) {
            failures.add(pair + " stats missing or zero");
        }
        return m;
    }

    /**
     * node-a's screen reached node-b on its own track: counted apart from the camera, handed on
     * labelled as the screen and looking like it, and reported as screen streams in the stats;
     * nobody else shared one.
     */
    private static void checkScreen(
            ScreenWatcher watcher,
            Map<String, List<LinkSnapshot>> links,
            Map<String, Object> result,
            List<String> failures) {
        Map<String, Object> screen = new LinkedHashMap<>();
        screen.put("pictures_to_page", watcher.screenPictures.get());
        screen.put("pictures_unlike_the_screen", watcher.screenPicturesUnlike.get());
        screen.put("camera_pictures_to_page", watcher.cameraPictures.get());
        screen.put("camera_pictures_like_the_screen", watcher.cameraPicturesLikeTheScreen.get());
        result.put("screen", screen);
        if (watcher.screenPictures.get() < 10) {
            failures.add("node-b's listener got too few screen pictures from node-a: " + watcher.screenPictures);
        }
        if (watcher.screenPicturesUnlike.get() > 0 || watcher.cameraPicturesLikeTheScreen.get() > 0) {
            failures.add("screen and camera pictures mixed up: " + screen);
        }
        if (watcher.cameraPictures.get() < 10) {
            failures.add("node-b's listener got too few camera pictures from node-a: " + watcher.cameraPictures);
        }
        links.forEach((id, snapshots) -> {
            for (LinkSnapshot l : snapshots) {
                String pair = l.remotePeer() + "->" + id;
                boolean fromSharer = l.remotePeer().equals(SHARER);
                if (fromSharer && l.screenFrames() < 10) {
                    failures.add(pair + " screen frames too few: " + l.screenFrames());
                }
                if (!fromSharer && l.screenFrames() > 0) {
                    failures.add(pair + " screen frames from a peer that shares none: " + l.screenFrames());
                }
                if (fromSharer
                        && l.metrics().stream()
                                .noneMatch(x -> "inbound".equals(x.getDirection())
                                        && "screen".equals(x.getKind())
                                        && x.getFramesDecoded() > 0)) {
                    failures.add(pair + " no inbound screen stream in the stats");
                }
                if (id.equals(SHARER)
                        && l.metrics().stream()
                                .noneMatch(x -> "outbound".equals(x.getDirection())
                                        && "screen".equals(x.getKind())
                                        && x.getFramesEncoded() > 0)) {
                    failures.add(id + "->" + l.remotePeer() + " no outbound screen stream in the stats");
                }
            }
        });
    }

    /** Garbage from a known peer's session, from a stranger, and a flood on a data channel. */
    private static void injectGarbage(Map<String, MediaEngine> engines, InMemorySignaling signaling) {
        MediaEngine a = engines.get("node-a");
        long bSession = signaling.lastSession.getOrDefault("node-b>node-a", 1L);
        List<MediaSignal> junk = List.of(
                desc(bSession, "offer", "v=0\r\nthis is not sdp\r\n"),
                desc(bSession, "answer", "garbage"),
                desc(bSession, "bogus-type", "v=0"),
                desc(bSession, "offer", "x".repeat(100_000)),
                cand(bSession, "0", 0, "candidate:garbage garbage"),
                cand(bSession, "zzz", 99, "candidate:1 1 udp 1 10.213.0.9 9 typ host"),
                cand(bSession, "", 0, "y".repeat(5000)),
                MediaSignal.newBuilder().setSession(bSession).build());
        for (MediaSignal s : junk) {
            a.onSignal("node-b", s);
        }
        a.onSignal("mallory", desc(42, "offer", "v=0\r\nnonsense"));
        a.onSignal("mallory", cand(42, "0", 0, "candidate:1 1 udp 1 10.213.0.9 9 typ host"));

        Random rnd = new Random(1);
        MediaEngine b = engines.get("node-b");
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[1 + rnd.nextInt(600)];
            rnd.nextBytes(bytes);
            if (i % 10 == 0) {
                bytes[0] = 5; // looks like a time request but wrong length, or right length with junk
            }
            b.sendRawData("node-a", ByteBuffer.wrap(bytes));
        }
    }

    private static MediaSignal desc(long session, String type, String sdp) {
        return MediaSignal.newBuilder()
                .setSession(session)
                .setDescription(SessionDescription.newBuilder().setType(type).setSdp(sdp))
                .build();
    }

    private static MediaSignal cand(long session, String mid, int index, String candidate) {
        return MediaSignal.newBuilder()
                .setSession(session)
                .setCandidate(IceCandidate.newBuilder()
                        .setSdpMid(mid)
                        .setSdpMLineIndex(index)
                        .setCandidate(candidate))
                .build();
    }

    private static String describe(Map<String, MediaEngine> engines) {
        StringBuilder sb = new StringBuilder();
        engines.forEach((id, e) -> e.links()
                .forEach(l -> sb.append(id)
                        .append("->")
                        .append(l.remotePeer())
                        .append('=')
                        .append(l.state())
                        .append(' ')));
        return sb.toString();
    }

    private static boolean waitUntil(long millis, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    private static void quietLogs() {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        if (Boolean.getBoolean("mesh.debug")) {
            org.slf4j.Logger media = org.slf4j.LoggerFactory.getLogger("dev.starling.node.media");
            if (media instanceof ch.qos.logback.classic.Logger logback) {
                logback.setLevel(ch.qos.logback.classic.Level.DEBUG);
            }
        }
    }
}
