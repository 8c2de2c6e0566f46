package dev.starling.chaos.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference peer: a full-mesh WebRTC call between N headless Chromium windows on this
 * machine, the same harness as {@code anchors/browser-mesh}, vendored as test tooling. It runs in
 * a network namespace of its own whose only interface is loopback, and prints one JSON report.
 *
 * <p>The files travel inside the jar; each run unpacks them into a work directory, installs
 * playwright-core there with {@code npm ci} (no browser download: it drives Debian's
 * {@code /usr/bin/chromium}) and runs {@code run.sh}.
 */
public final class BrowserMesh {
    private static final String RESOURCES = "/dev/starling/chaos/compare/browser-mesh/";
    private static final List<String> FILES = List.of(
            "run.sh",
            "run.js",
            "package.json",
            "package-lock.json",
            "web/peer.html",
            "web/peer.js",
            "web/audio-worklet.js");
    /** Setup, warm-up and teardown on top of the measured window. */
    private static final Duration OVERHEAD = Duration.ofMinutes(4);

    private final Path workDir;
    private final ObjectMapper json;

    public BrowserMesh(Path workDir, ObjectMapper json) {
        this.workDir = workDir;
        this.json = json;
    }

    /** Why this machine cannot run the mesh, or null when it can. */
    public static String unavailableReason() {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            return "needs Debian's chromium: apt-get install -y chromium";
        }
        if (!onPath("node") || !onPath("npm")) {
            return "needs Node.js and npm on the PATH";
        }
        if (!onPath("unshare")) {
            return "needs unshare (util-linux) to run the browsers in a loopback-only namespace";
        }
        return null;
    }

    /**
     * Runs the mesh and returns its report.
     *
     * @param fps the canvas frame rate the browsers send
     */
    public JsonNode run(int peers, int seconds, String resolution, int fps, Path log)
            throws IOException, InterruptedException {
        Path dir = unpack();
        npm(dir, log);
        Path out = workDir.resolve("browser-mesh.json");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        dir.resolve("run.sh").toString(),
                        Integer.toString(peers),
                        Integer.toString(seconds),
                        resolution))
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("FPS", Integer.toString(fps));
        builder.environment().put("OUT_DIR", "");
        int exit = await(builder.start(), Duration.ofSeconds(seconds).plus(OVERHEAD));
        if (exit != 0) {
            throw new IOException("the browser mesh failed (exit " + exit + "); see " + log);
        }
        return json.readTree(out.toFile());
    }

    private Path unpack() throws IOException {
        Path dir = workDir.resolve("browser-mesh");
        for (String file : FILES) {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = BrowserMesh.class.getResourceAsStream(RESOURCES + file)) {
                if (in == null) {
                    throw new IOException("missing from this build: " + RESOURCES + file);
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        dir.resolve("run.sh").toFile().setExecutable(true);
        return dir;
    }

    private static void npm(Path dir, Path log) throws IOException, InterruptedException {
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (await(npm, Duration.ofMinutes(5)) != 0) {
            throw new IOException("npm ci failed for the browser mesh; see " + log);
        }
    }

    private static int await(Process process, Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return -1;
        }
        return process.exitValue();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
