package dev.starling.chaos.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands with a hard timeout and no shell. Output is capped: probes only need a reason.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private static final int MAX_OUTPUT = 16 * 1024;

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return new CommandResult(CommandResult.NOT_FOUND, argv.get(0) + ": not found (" + e.getMessage() + ")");
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] out = readCapped(p.getInputStream(), p, deadline);
            long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (!p.waitFor(leftMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new CommandResult(
                        CommandResult.TIMED_OUT, argv.get(0) + ": no answer within " + timeout.toSeconds() + "s");
            }
            return new CommandResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new CommandResult(CommandResult.TIMED_OUT, "interrupted");
        } catch (IOException e) {
            p.destroyForcibly();
            return new CommandResult(1, e.getMessage());
        }
    }

    /** Reads until EOF or the deadline; a hung child must not hang the probe. */
    private static byte[] readCapped(InputStream in, Process p, long deadline)
            throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (System.nanoTime() < deadline) {
            if (in.available() > 0) {
                int n = in.read(chunk);
                if (n < 0) break;
                if (buf.size() < MAX_OUTPUT) buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
            } else if (!p.isAlive()) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    if (buf.size() < MAX_OUTPUT) buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                }
                break;
            } else {
                Thread.sleep(10);
            }
        }
        return buf.toByteArray();
    }
}
