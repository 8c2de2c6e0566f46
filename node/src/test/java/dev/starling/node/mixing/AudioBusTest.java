package dev.starling.node.mixing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.routing.SendPlan;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AudioBusTest {
    private final AtomicLong nowMicros = new AtomicLong(5_000); // 5 ms into frame 0
    /** The mixer's own voice: a constant 100. */
    private final AudioBus bus = new AudioBus("m", constant(100), 0, nowMicros::get);

    private static AudioFrames constant(int value) {
        return (frame, out) -> Arrays.fill(out, (short) value);
    }

    private static short[] pcm(int value) {
        short[] s = new short[AudioFrames.FRAME_SAMPLES];
        Arrays.fill(s, (short) value);
        return s;
    }

    private short[] render(String recipient, long frame) {
        short[] out = new short[AudioFrames.FRAME_SAMPLES];
        bus.output(recipient, constant(7)).render(frame, out);
        return out;
    }

    @Test
    void eachRecipientGetsExactlyTheInputsItsPlanNames() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"), "b", Set.of("m", "a"), "m2", Set.of("m", "a", "b"))));
        bus.offer("a", pcm(1000));
        bus.offer("b", pcm(2000));

        assertThat(render("a", 1)).containsOnly((short) 2100); // mix-minus: everyone but a
        assertThat(render("b", 1)).containsOnly((short) 1100);
        assertThat(render("m2", 1)).containsOnly((short) 3100); // local mix to another mixer
    }

    @Test
    void ownOnlyLinksBypassTheMixerAndFrozenLinksAreSilent() {
        bus.plan(new SendPlan("m", Map.of("c", Set.of("m"), "d", Set.of())));
        assertThat(render("c", 1)).containsOnly((short) 7); // the link's own view, unmixed
        assertThat(render("d", 1)).containsOnly((short) 0);
        assertThat(render("unnamed", 1)).containsOnly((short) 7); // mesh default
    }

    @Test
    void aSourceKeepsItsOrderAcrossFramesAndOverrunsAreDropped() {
        bus.plan(new SendPlan("m", Map.of("x", Set.of("a"))));
        for (int i = 1; i <= 6; i++) {
            bus.offer("a", pcm(i)); // a burst: all within frame 0
        }
        assertThat(render("x", 1)).containsOnly((short) 1);
        assertThat(render("x", 2)).containsOnly((short) 2);
        // Frames 1..4 fit the jitter allowance once frame 1 is mixed; the 6th chunk (frame 6) did not wait.
        assertThat(bus.counters().get("dropped").longValue()).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void chunksFromThePlayoutClockGoWithTheFrameAfterTheirTurnEvenWhenTheTurnRanLate() {
        bus.plan(new SendPlan("m", Map.of("x", Set.of("a"))));
        // Turns 2 ms before frames 1, 2 and 3 are due; the last two run together, 15 ms late.
        nowMicros.set(8_000);
        bus.offerAt("a", pcm(1), 8);
        assertThat(render("x", 1)).containsOnly((short) 1);
        nowMicros.set(20_000);
        assertThat(render("x", 2))
                .as("frame 2 is pushed without the late turn's chunk")
                .containsOnly((short) 0);
        nowMicros.set(33_000);
        bus.offerAt("a", pcm(2), 18);
        bus.offerAt("a", pcm(3), 28);
        assertThat(bus.counters().get("late").longValue()).isEqualTo(1L);
        assertThat(render("x", 3)).containsOnly((short) 3);
        // No standing queue: the next turn's chunk is mixed into the very next frame.
        nowMicros.set(38_000);
        bus.offerAt("a", pcm(4), 38);
        assertThat(render("x", 4)).containsOnly((short) 4);
    }

    @Test
    void aSilentSourceContributesSilenceAndTheLimiterBoundsLoudSums() {
        bus.plan(new SendPlan("m", Map.of("x", Set.of("m", "a", "b"))));
        bus.offer("a", pcm(30_000));
        bus.offer("b", pcm(30_000));
        short[] loud = render("x", 1);
        assertThat(loud[0]).isPositive(); // no wrap-around to negative
        nowMicros.set(25_000);
        assertThat(render("x", 3)).containsOnly((short) 100); // a and b sent nothing for frame 3
    }

    @Test
    void anotherMixersMixThatStillCarriesTheRecipientIsLeftOutOfItsMix() {
        // m adopted the new routes (c is its client now); m2 has not, and its mix to m still holds c.
        Map<String, Set<String>> announced = new java.util.HashMap<>(Map.of("m2", Set.of("m2", "c", "d")));
        AudioBus guarded = new AudioBus(
                "m",
                constant(100),
                0,
                nowMicros::get,
                (source, origin) -> announced.getOrDefault(source, Set.of()).contains(origin));
        guarded.plan(new SendPlan("m", Map.of("c", Set.of("m", "a", "m2"), "a", Set.of("m", "c", "m2"))));
        guarded.offer("a", pcm(1000));
        guarded.offer("c", pcm(3000));
        guarded.offer("m2", pcm(20_000));

        short[] toC = new short[AudioFrames.FRAME_SAMPLES];
        guarded.output("c", constant(7)).render(1, toC);
        assertThat(toC).as("c hears m and a, not m2's mix with its own voice").containsOnly((short) 1100);
        short[] toA = new short[AudioFrames.FRAME_SAMPLES];
        guarded.output("a", constant(7)).render(1, toA);
        assertThat(toA[0]).as("a still hears m2's mix").isGreaterThan((short) 20_000);
        assertThat(guarded.counters().get("echoesAvoided").longValue()).isEqualTo(1L);
    }

    @Test
    void theBusReportsHowLongRelayedChunksWaitForTheirFrame() {
        bus.plan(new SendPlan("m", Map.of("x", Set.of("a", "b"))));
        bus.offer("a", pcm(1)); // at 5 ms, for frame 1 (due at 10 ms): waits 5 ms
        nowMicros.set(8_000);
        bus.offer("a", pcm(2)); // a's next chunk goes to frame 2 (due at 20 ms): waits 12 ms
        bus.offer("b", pcm(3)); // b's first, for frame 1: waits 2 ms

        assertThat(bus.counters().get("chunks").longValue()).isEqualTo(3);
        assertThat(bus.counters().get("waitMsMean").doubleValue())
                .isEqualTo((5 + 12 + 2) / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
