package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeliveryQueueTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final DeliveryQueue<String> q = new DeliveryQueue<>(3, now::get);

    @Test
    void releasesByDueTimeAndKeepsArrivalOrderOnTies() {
        q.offer(1_050, "late");
        q.offer(1_010, "first");
        q.offer(1_010, "second");
        assertThat(q.pollDue(1_009)).isNull();
        assertThat(q.pollDue(1_010)).isEqualTo("first");
        assertThat(q.pollDue(1_010)).isEqualTo("second");
        assertThat(q.pollDue(1_049)).isNull();
        assertThat(q.pollDue(2_000)).isEqualTo("late");
        assertThat(q.pollDue(2_000)).isNull();
    }

    @Test
    void dropTailWhenFull() {
        assertThat(q.offer(1, "a")).isTrue();
        assertThat(q.offer(2, "b")).isTrue();
        assertThat(q.offer(3, "c")).isTrue();
        assertThat(q.offer(0, "d")).isFalse(); // even an earlier frame: the queue is bounded, full stop
        assertThat(q.size()).isEqualTo(3);
    }

    @Test
    void ordersAcrossNanoTimeWrap() {
        q.offer(Long.MIN_VALUE + 5, "after-wrap");
        q.offer(Long.MAX_VALUE - 5, "before-wrap");
        assertThat(q.pollDue(Long.MIN_VALUE + 10)).isEqualTo("before-wrap");
        assertThat(q.pollDue(Long.MIN_VALUE + 10)).isEqualTo("after-wrap");
    }

    @Test
    void takeDueWaitsForTheHeadAndTimesOutWhenEmpty() {
        DeliveryQueue<String> real = new DeliveryQueue<>(4, System::nanoTime);
        long t0 = System.nanoTime();
        assertThat(real.takeDue(20_000_000)).isNull();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(20_000_000);
        real.offer(System.nanoTime() + 30_000_000, "x");
        long t1 = System.nanoTime();
        assertThat(real.takeDue(1_000_000_000)).isEqualTo("x");
        assertThat(System.nanoTime() - t1).isBetween(25_000_000L, 900_000_000L);
    }

    @Test
    void anEarlierFrameWakesAWriterWaitingForALaterOne() throws Exception {
        DeliveryQueue<String> real = new DeliveryQueue<>(4, System::nanoTime);
        real.offer(System.nanoTime() + 5_000_000_000L, "late");
        String[] got = new String[1];
        Thread t = new Thread(() -> got[0] = real.takeDue(2_000_000_000L));
        t.start();
        Thread.sleep(20);
        real.offer(System.nanoTime(), "now");
        t.join(1_000);
        assertThat(got[0]).isEqualTo("now");
    }
}
