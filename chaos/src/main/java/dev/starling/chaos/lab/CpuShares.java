package dev.starling.chaos.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Gives lab nodes a share of the CPU with cgroups: a group per lab run, a child per node, its
 * quota per scheduling period. Uses cgroup v1's {@code cpu} controller ({@code
 * cpu.cfs_quota_us}) where it is mounted, else cgroup v2's {@code cpu.max}.
 */
public final class CpuShares implements AutoCloseable {
    static final long PERIOD_MICROS = 100_000;

    private final Path group;
    private final boolean v2;
    private final List<Path> created = new ArrayList<>();

    private CpuShares(Path group, boolean v2) {
        this.group = group;
        this.v2 = v2;
    }

    /** The CPU controller under {@code cgroupRoot} (normally /sys/fs/cgroup), if there is one. */
    public static Optional<CpuShares> detect(Path cgroupRoot, String labId) {
        Path v1 = cgroupRoot.resolve("cpu");
        if (Files.exists(v1.resolve("cpu.cfs_quota_us"))) {
            return Optional.of(new CpuShares(v1.resolve("starling-lab-" + labId), false));
        }
        try {
            Path controllers = cgroupRoot.resolve("cgroup.controllers");
            if (Files.exists(controllers)
                    && List.of(Files.readString(controllers).strip().split("\\s+"))
                            .contains("cpu")) {
                return Optional.of(new CpuShares(cgroupRoot.resolve("starling-lab-" + labId), true));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Removes the (empty) groups of lab runs that were killed. Returns how many. Never throws. */
    public static int removeStale(Path cgroupRoot) {
        int removed = 0;
        for (Path parent : List.of(cgroupRoot.resolve("cpu"), cgroupRoot)) {
            try (var groups = Files.newDirectoryStream(parent, "starling-lab-*")) {
                for (Path group : groups) {
                    try (var children = Files.newDirectoryStream(group, Files::isDirectory)) {
                        for (Path child : children) {
                            Files.deleteIfExists(child);
                        }
                    }
                    Files.deleteIfExists(group);
                    removed++;
                }
            } catch (IOException e) {
                // Not there, or a process still in a group: that one stays.
            }
        }
        return removed;
    }

    /** Which cgroup version this uses, for messages. */
    public String version() {
        return v2 ? "cgroup v2 (cpu.max)" : "cgroup v1 (cpu.cfs_quota_us)";
    }

    /**
     * Puts process {@code pid} (and its threads) into a group named {@code node}, not yet capped.
     * A process must enter its group before it starts real-time threads (libwebrtc's audio ones):
     * cgroup v1 refuses to move those into a group without real-time budget.
     */
    public synchronized void place(String node, long pid) throws IOException {
        if (pid <= 0) {
            throw new IllegalArgumentException("a CPU share needs a process");
        }
        Path child = child(node);
        if (created.isEmpty()) {
            Files.createDirectories(group);
            created.add(group);
            if (v2) {
                write(group.resolve("cgroup.subtree_control"), "+cpu");
            }
        }
        Files.createDirectories(child);
        if (!created.contains(child)) {
            created.add(child);
        }
        write(child.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** Caps group {@code node} (see {@link #place}) at {@code cores} cores. */
    public synchronized void cap(String node, double cores) throws IOException {
        if (cores <= 0) {
            throw new IllegalArgumentException("a CPU share needs a positive number of cores");
        }
        Path child = child(node);
        if (!created.contains(child)) {
            throw new IllegalStateException("no group " + node + ": place a process first");
        }
        long quota = Math.max(1_000, Math.round(cores * PERIOD_MICROS));
        if (v2) {
            write(child.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
        } else {
            write(child.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
            write(child.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
    }

    private Path child(String node) {
        if (!node.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("bad group name " + node);
        }
        return group.resolve(node);
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
    }

    /** Removes the groups (once their processes are gone). Never throws. */
    @Override
    public synchronized void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                // A process still in it, or (outside cgroupfs) files in it: nothing more to do.
            }
        }
        created.clear();
    }

    @Override
    public String toString() {
        return version().toLowerCase(Locale.ROOT) + " at " + group;
    }
}
