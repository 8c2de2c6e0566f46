package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    @Test
    void runsTasksInOrderNeverConcurrentlyAndSurvivesFailures() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> order = new CopyOnWriteArrayList<>();
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 500; i++) {
                int n = i;
                serial.execute(() -> {
                    if (inside.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    order.add(n);
                    inside.decrementAndGet();
                    if (n == 250) {
                        throw new IllegalStateException("boom");
                    }
                });
            }
            serial.execute(done::countDown);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps.get()).isZero();
            assertThat(order).hasSize(500).isSorted();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBlockedSerialExecutorDoesNotBlockAnother() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch otherRan = new CountDownLatch(1);
            new SerialExecutor(pool).execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            new SerialExecutor(pool).execute(otherRan::countDown);
            assertThat(otherRan.await(2, TimeUnit.SECONDS)).isTrue();
            release.countDown();
        } finally {
            pool.shutdownNow();
        }
    }
}
