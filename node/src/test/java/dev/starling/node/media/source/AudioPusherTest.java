package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.starling.node.timesync.WallClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class AudioPusherTest {
    private static final int N = AudioFrames.FRAME_SAMPLES;

    /**
     * The clock stands still 5 ms into frame 100, so nothing becomes due by the clock: each frame
     * that goes out was sent because it was captured, the second before its time.
     */
    @Test
    void capturedFramesAreSentAsTheyArriveNotOnTheNextTick() throws Exception {
        WallClock frozen = () -> 1_005_000L;
        CapturedAudio captured = new CapturedAudio();
        List<Long> pushed = new CopyOnWriteArrayList<>();
        List<Short> firstSamples = new CopyOnWriteArrayList<>();
        PushTiming timing = new PushTiming();
        AudioPusher pusher = new AudioPusher(
                (index, samples) -> {
                    pushed.add(index);
                    firstSamples.add(samples[0]);
                },
                captured,
                0,
                frozen,
                timing);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            pusher.start(scheduler);
            captured.offer(frame((short) 7));
            await().atMost(Duration.ofSeconds(5)).until(() -> pushed.size() == 1);
            assertThat(pushed).containsExactly(100L);
            assertThat(firstSamples).containsExactly((short) 7);

            captured.offer(frame((short) 8)); // early: frame 101 is due in 5 ms
            await().atMost(Duration.ofSeconds(5)).until(() -> pushed.size() == 2);
            assertThat(pushed).containsExactly(100L, 101L);
            assertThat(firstSamples).containsExactly((short) 7, (short) 8);
        } finally {
            pusher.close();
            scheduler.shutdownNow();
        }
    }

    private static short[] frame(short value) {
        short[] s = new short[N];
        java.util.Arrays.fill(s, value);
        return s;
    }
}
