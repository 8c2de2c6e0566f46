package dev.starling.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessCpuSamplerTest {
    @Test
    void reportsPercentOfOneCoreBetweenSamples() {
        AtomicLong cpu = new AtomicLong();
        AtomicLong wall = new AtomicLong();
        ProcessCpuSampler sampler = new ProcessCpuSampler(cpu::get, wall::get);
        cpu.addAndGet(1_500_000_000L);
        wall.addAndGet(1_000_000_000L);
        assertThat(sampler.sample()).isCloseTo(150.0, offset(1e-9));
        wall.addAndGet(1_000_000_000L);
        assertThat(sampler.sample()).isZero();
        assertThat(sampler.sample()).isZero(); // no time passed
    }

    @Test
    void realProcessReportsSomething() {
        ProcessCpuSampler sampler = new ProcessCpuSampler();
        long end = System.nanoTime() + 50_000_000L;
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        assertThat(sampler.sample()).isGreaterThan(0.0);
        assertThat(x).isPositive();
    }
}
