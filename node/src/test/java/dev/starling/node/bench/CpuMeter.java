package dev.starling.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU used by a set of processes over a window, from {@code /proc/PID/stat} (user + system
 * ticks), as percent of one core. A process that appears or exits during the window counts with
 * what it used while both samples saw it.
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Supplier<List<Long>> pids;
    private Map<Long, Long> start = Map.of();
    private long startNanos;

    /** @param pids the processes to count, asked again at each sample (children come and go) */
    CpuMeter(Supplier<List<Long>> pids) {
        this.pids = pids;
    }

    void start() {
        start = sample();
        startNanos = System.nanoTime();
    }

    /** Percent of one core since {@link #start()}. */
    double percent() {
        Map<Long, Long> end = sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long ticks = 0;
        for (Map.Entry<Long, Long> e : end.entrySet()) {
            Long before = start.get(e.getKey());
            if (before != null) {
                ticks += e.getValue() - before;
            }
        }
        return 100.0 * ticks / TICKS_PER_SECOND / seconds;
    }

    private Map<Long, Long> sample() {
        Map<Long, Long> out = new HashMap<>();
        for (long pid : pids.get()) {
            long ticks = ticks(pid);
            if (ticks >= 0) {
                out.put(pid, ticks);
            }
        }
        return out;
    }

    /** utime + stime of one process, or -1 when it is gone. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields after its closing ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A process and all its descendants. */
    static List<Long> tree(long pid) {
        List<Long> out = new java.util.ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            out.add(p.pid());
            p.descendants().forEach(d -> out.add(d.pid()));
        });
        return out;
    }

    /** This JVM's descendants whose executable is Chromium's (the browser, its zygotes, renderers, GPU and utility processes). */
    static List<Long> chromium() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").contains("chromium"))
                .map(ProcessHandle::pid)
                .toList();
    }
}
