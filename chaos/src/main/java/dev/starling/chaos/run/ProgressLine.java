package dev.starling.chaos.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live status on stderr: scenario, phase or elapsed/total time, and the latency of the last
 * second. On a terminal the line is redrawn in place; otherwise (CI logs) one line per 5 s.
 */
public final class ProgressLine {
    private final PrintStream out;
    private final boolean terminal;
    private String prefix;
    private long lastPrinted = -1;
    private long created = System.nanoTime();

    public ProgressLine(PrintStream out, boolean terminal, String prefix) {
        this.out = out;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    public static ProgressLine stderr(String prefix) {
        return new ProgressLine(System.err, System.console() != null, prefix);
    }

    /** The next scenario begins: its prefix (e.g. {@code [3/32] }) and its own clock. */
    public void nextScenario(String prefix) {
        this.prefix = prefix;
        this.created = System.nanoTime();
        this.lastPrinted = -1;
    }

    public void phase(String scenario, String what) {
        emit(
                String.format(
                        Locale.ROOT,
                        "%s%s: %s (%.0f s since start)",
                        prefix,
                        scenario,
                        what,
                        (System.nanoTime() - created) / 1e9),
                true);
    }

    public void running(String scenario, double elapsed, double total, double p50, long samples) {
        String latency = Double.isNaN(p50)
                ? "no markers in the last second"
                : String.format(Locale.ROOT, "latency p50 %.1f ms", p50);
        String line = String.format(
                Locale.ROOT,
                "%s%s: %5.1f / %.0f s  %s  (%d markers timed)",
                prefix,
                scenario,
                elapsed,
                total,
                latency,
                samples);
        long second = (long) elapsed;
        emit(line, terminal || second / 5 != lastPrinted / 5 || lastPrinted < 0);
        lastPrinted = second;
    }

    public void done() {
        if (terminal) out.println();
        lastPrinted = -1;
    }

    private void emit(String line, boolean print) {
        if (!print) return;
        if (terminal) {
            out.print("\r\033[2K" + line);
            out.flush();
        } else {
            out.println(line);
        }
    }
}
