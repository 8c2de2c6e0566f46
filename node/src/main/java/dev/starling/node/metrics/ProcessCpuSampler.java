package dev.starling.node.metrics;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * CPU used by this process between two samples, in percent of one core (so 150 means one and a
 * half cores busy), which is what the lab compares across nodes.
 */
public final class ProcessCpuSampler {
    private final LongSupplier cpuNanos;
    private final LongSupplier wallNanos;
    private long lastCpu;
    private long lastWall;

    public ProcessCpuSampler() {
        this(ProcessCpuSampler::processCpuNanos, System::nanoTime);
    }

    public ProcessCpuSampler(LongSupplier cpuNanos, LongSupplier wallNanos) {
        this.cpuNanos = cpuNanos;
        this.wallNanos = wallNanos;
        this.lastCpu = cpuNanos.getAsLong();
        this.lastWall = wallNanos.getAsLong();
    }

    /** Percent of one core since the previous call (or construction); 0 if no time passed or unsupported. */
    public synchronized double sample() {
        long cpu = cpuNanos.getAsLong();
        long wall = wallNanos.getAsLong();
        long dCpu = cpu - lastCpu;
        long dWall = wall - lastWall;
        lastCpu = cpu;
        lastWall = wall;
        if (dWall <= 0 || cpu < 0 || dCpu < 0) {
            return 0;
        }
        return 100.0 * dCpu / dWall;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
