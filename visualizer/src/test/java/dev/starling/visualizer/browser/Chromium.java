package dev.starling.visualizer.browser;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Headless Debian Chromium with a throwaway profile, reachable over its DevTools socket. */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path profile;
    private final URI devtools;

    public Chromium(Path logFile) throws Exception {
        this(logFile, List.of());
    }

    /** @param extraFlags e.g. Chromium's fake camera and microphone for a call page */
    public Chromium(Path logFile, List<String> extraFlags) throws Exception {
        profile = Files.createTempDirectory("starling-chromium-");
        List<String> command = new java.util.ArrayList<>(List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1400,900",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile));
        command.addAll(extraFlags);
        command.add("about:blank");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        devtools = awaitDevtools(Duration.ofSeconds(20));
    }

    /** Chromium writes the chosen port and browser path to DevToolsActivePort once it listens. */
    private URI awaitDevtools(Duration timeout) throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue());
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (lines.size() >= 2) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim()
                            + lines.get(1).trim());
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("chromium did not open its DevTools port in " + timeout);
    }

    public URI devtools() {
        return devtools;
    }

    @Override
    public void close() throws java.io.IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteProfile();
    }

    /**
     * Chromium's helper processes may still remove their own temp files while we walk the profile,
     * so a file that vanishes under the walk is simply gone, not an error.
     */
    private void deleteProfile() throws java.io.IOException {
        Files.walkFileTree(profile, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                    throws java.io.IOException {
                Files.deleteIfExists(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e)
                    throws java.io.IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path dir, java.io.IOException e) {
                dir.toFile().delete(); // best effort: a late temp file must not fail the test
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }
}
