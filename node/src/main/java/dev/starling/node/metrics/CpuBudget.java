package dev.starling.node.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.IntSupplier;

/**
 * The CPU this node may use, in cores: the processors it may run on, or less where a cgroup quota
 * caps it (a container, a device profile in the lab). A quarter-core phone and a desktop encode a
 * small frame in about the same milliseconds, since a quota throttles a process between frames
 * rather than inside one encode; what tells them apart for a mixer is this budget.
 *
 * <p>Read again on every call, because a process can be moved into a group after it started (the
 * lab does so once a node is in the room). The quota is the lowest along the group's path: cgroup
 * v1's {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us}, or v2's {@code cpu.max}. Inside a
 * container, {@code /proc/self/cgroup} may name a path of the host's that the container's mount
 * does not have; the nearest existing ancestor, at worst the mount itself, is used then.
 */
public final class CpuBudget {
    private final Path procSelfCgroup;
    private final Path cgroupRoot;
    private final IntSupplier processors;

    public CpuBudget(Path procSelfCgroup, Path cgroupRoot, IntSupplier processors) {
        this.procSelfCgroup = procSelfCgroup;
        this.cgroupRoot = cgroupRoot;
        this.processors = processors;
    }

    /** This process's budget on this machine. */
    public static CpuBudget ofThisProcess() {
        return new CpuBudget(
                Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"), Runtime.getRuntime()::availableProcessors);
    }

    /** Cores this process may use: its processors, capped by its cgroup quota if it has one. */
    public double cores() {
        double cores = Math.max(1, processors.getAsInt());
        OptionalDouble quota = quotaCores();
        return quota.isPresent() ? Math.min(cores, quota.getAsDouble()) : cores;
    }

    /** The lowest CPU quota on this process's cgroup path, in cores; empty if none is set or readable. */
    OptionalDouble quotaCores() {
        List<String> lines;
        try {
            lines = Files.readAllLines(procSelfCgroup);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
        for (String line : lines) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && Arrays.asList(fields[1].split(",")).contains("cpu")) {
                Path mount = cgroupRoot.resolve(fields[1]);
                if (!Files.isDirectory(mount)) {
                    mount = cgroupRoot.resolve("cpu");
                }
                return lowestAlong(mount, fields[2], false);
            }
        }
        for (String line : lines) {
            if (line.startsWith("0::")) {
                return lowestAlong(cgroupRoot, line.substring(3), true);
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble lowestAlong(Path mount, String groupPath, boolean v2) {
        Path group = mount.resolve(groupPath.replaceFirst("^/+", "")).normalize();
        if (!group.startsWith(mount)) {
            return OptionalDouble.empty();
        }
        while (!group.equals(mount) && !Files.isDirectory(group)) {
            group = group.getParent();
        }
        double lowest = Double.POSITIVE_INFINITY;
        for (Path dir = group; dir != null && dir.startsWith(mount); dir = dir.getParent()) {
            OptionalDouble cores = v2 ? cpuMax(dir) : cfsQuota(dir);
            if (cores.isPresent()) {
                lowest = Math.min(lowest, cores.getAsDouble());
            }
        }
        return Double.isInfinite(lowest) ? OptionalDouble.empty() : OptionalDouble.of(lowest);
    }

    /** v1: {@code cpu.cfs_quota_us} of -1 means no quota. */
    private static OptionalDouble cfsQuota(Path dir) {
        OptionalDouble quota = number(dir.resolve("cpu.cfs_quota_us"));
        OptionalDouble period = number(dir.resolve("cpu.cfs_period_us"));
        return quota.isPresent() && period.isPresent()
                ? cores(quota.getAsDouble(), period.getAsDouble())
                : OptionalDouble.empty();
    }

    /** v2: {@code cpu.max} is "QUOTA PERIOD", or "max PERIOD" for none. */
    private static OptionalDouble cpuMax(Path dir) {
        try {
            String[] fields = Files.readString(dir.resolve("cpu.max")).trim().split("\\s+");
            if (fields.length != 2 || fields[0].equals("max")) {
                return OptionalDouble.empty();
            }
            return cores(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    private static OptionalDouble cores(double quota, double period) {
        return quota > 0 && period > 0 ? OptionalDouble.of(quota / period) : OptionalDouble.empty();
    }

    private static OptionalDouble number(Path file) {
        try {
            return OptionalDouble.of(Double.parseDouble(Files.readString(file).trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
