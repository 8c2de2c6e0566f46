package dev.starling.chaos.fabric;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Probe} running in a namespace, spoken to line by line. Every wait has a timeout, and
 * closing stdin (on close, or when this JVM dies) makes the probe exit by itself.
 */
final class ProbeProcess implements AutoCloseable {
    private static final int MAX_QUEUED_LINES = 1_000;
    private final String name;
    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>(MAX_QUEUED_LINES);
    private final ArrayDeque<String> recent = new ArrayDeque<>(); // for error messages

    private ProbeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread t = new Thread(this::pump, "probe-" + name + "-out");
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code Probe args...} in namespace {@code ns} and waits for its "ready". */
    static ProbeProcess start(String name, String ns, String classpath, Duration readyTimeout, String... args)
            throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                ns,
                System.getProperty("java.home") + "/bin/java",
                "-cp",
                classpath,
                // start fast and stay small: two of these share a machine with the fabric
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-Xss512k",
                Probe.class.getName()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        ProbeProcess pp = new ProbeProcess(name, p);
        try {
            pp.await("ready", readyTimeout);
        } catch (IOException e) {
            pp.close();
            throw e;
        }
        return pp;
    }

    /** Sends one command and returns the line that answers it ("result ..." or "error ..."). */
    String call(String command, Duration timeout) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
        return await("result", timeout);
    }

    private String await(String prefix, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line;
            try {
                line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(name + ": interrupted");
            }
            if (line == null) {
                throw new IOException(name + ": no '" + prefix + "' within " + timeout.toMillis() + " ms"
                        + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + "; last output: "
                        + recent());
            }
            if (line.startsWith(prefix)) return line;
            if (line.startsWith("error")) throw new IOException(name + ": " + line);
        }
    }

    private void pump() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (recent) {
                    recent.addLast(line);
                    if (recent.size() > 5) recent.removeFirst();
                }
                lines.offer(line); // a flood of unexpected output is dropped, not buffered without end
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private String recent() {
        synchronized (recent) {
            return recent.isEmpty() ? "(none)" : String.join(" | ", recent);
        }
    }

    @Override
    public void close() {
        try {
            stdin.close(); // the probe exits on EOF
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
