package dev.starling.node.diagnostics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU flame graphs of this node's process, for labs that ask where the time goes. async-profiler
 * (through ap-loader, which carries its native library) samples every thread of the process,
 * libwebrtc's encoder, decoder and network threads among them, which JFR does not see: most of a
 * media node's CPU is there. One recording at a time; each is written as a self-contained HTML
 * flame graph into the directory the node was given, never anywhere a request names, with its
 * stacks as text ({@code .collapsed}, one line per stack) and each thread's share of the samples
 * in the status.
 *
 * <p>Sampling uses the kernel's CPU clock through perf events where the kernel allows it, and
 * falls back to the process's own interval timer otherwise; the status says which.
 */
public final class FlameGraphs {
    private static final Logger log = LoggerFactory.getLogger(FlameGraphs.class);
    /** 200 samples a second per busy core: detailed enough for 30 s, cheap enough not to change them. */
    static final String INTERVAL = "interval=5ms";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String nodeName;
    private AsyncProfiler profiler;
    private String event;
    private Instant startedAt;
    private Path lastFile;
    private Map<String, Double> threads = Map.of();

    /** @param nodeName goes into the file names, so the flame graphs of a lab's nodes tell apart */
    public FlameGraphs(Path dir, String nodeName) {
        this.dir = dir;
        this.nodeName = nodeName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Starts sampling.
     *
     * @throws IllegalStateException if a recording runs already, or the profiler cannot load here
     */
    public synchronized Map<String, Object> start() {
        if (startedAt != null) {
            throw new IllegalStateException("a recording is running already; stop it first");
        }
        AsyncProfiler p = profiler();
        try {
            p.execute("start,event=cpu,threads," + INTERVAL);
            event = "cpu";
        } catch (IOException | RuntimeException e) {
            // perf events refused (kernel.perf_event_paranoid, a container): the interval timer works anywhere.
            try {
                p.execute("start,event=itimer,threads," + INTERVAL);
                event = "itimer";
            } catch (IOException | RuntimeException again) {
                throw new IllegalStateException("the profiler would not start: " + again.getMessage());
            }
        }
        startedAt = Instant.now();
        log.info("flame graph recording started ({} samples)", event);
        return status();
    }

    /**
     * Stops sampling and writes the flame graph.
     *
     * @throws IllegalStateException if no recording runs
     */
    public synchronized Map<String, Object> stop() {
        if (startedAt == null) {
            throw new IllegalStateException("no recording is running");
        }
        String base = "flame-" + nodeName + "-" + STAMP.format(startedAt);
        Path file = dir.resolve(base + ".html");
        Path stacks = dir.resolve(base + ".collapsed");
        try {
            profiler.execute("stop");
            Files.createDirectories(dir);
            profiler.execute("dump,flamegraph,title=" + nodeName + ",file=" + file.toAbsolutePath());
            profiler.execute("dump,collapsed,file=" + stacks.toAbsolutePath());
            threads = CollapsedStacks.read(stacks).shareByThread();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the profiler could not write " + file + ": " + e.getMessage());
        } finally {
            startedAt = null;
        }
        lastFile = file;
        log.info("flame graph written to {}", file);
        return status();
    }

    public synchronized Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("recording", startedAt != null);
        status.put("event", event == null ? "" : event);
        status.put("since", startedAt == null ? "" : startedAt.toString());
        status.put("lastFile", lastFile == null ? "" : lastFile.toString());
        status.put("threads", threads);
        return status;
    }

    private AsyncProfiler profiler() {
        if (profiler == null) {
            try {
                profiler = AsyncProfilerLoader.load();
            } catch (RuntimeException | IOException e) {
                throw new IllegalStateException("async-profiler does not load on this platform: " + e.getMessage());
            }
        }
        return profiler;
    }
}
