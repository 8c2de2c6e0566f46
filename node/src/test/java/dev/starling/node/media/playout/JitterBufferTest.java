package dev.starling.node.media.playout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.playout.JitterBuffer.Turn.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    /** Frame f leaves the sender at f * 10 ms; the path adds this much at best. */
    private static final double BASE_TRANSIT = 3;

    private static byte[] packet(long frame) {
        return new byte[] {(byte) frame};
    }

    /** What played in each of {@code turns} turns, starting at {@code firstTurn}, 10 ms apart. */
    private static List<JitterBuffer.Turn> play(JitterBuffer buffer, double firstTurn, int turns) {
        List<JitterBuffer.Turn> out = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            out.add(buffer.next(firstTurn + i * 10));
        }
        return out;
    }

    @Test
    void anEvenStreamPlaysEveryPacketInOrderSoonAfterItArrives() {
        JitterBuffer buffer = new JitterBuffer();
        List<Byte> played = new ArrayList<>();
        for (long f = 0; f < 200; f++) {
            buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT);
            JitterBuffer.Turn t = buffer.next(f * 10 + 5);
            if (t.kind() == Kind.PLAY) {
                played.add(t.packet()[0]);
            }
        }
        assertThat(played).hasSizeGreaterThan(190);
        for (int i = 1; i < played.size(); i++) {
            assertThat((byte) (played.get(i) - played.get(i - 1))).isEqualTo((byte) 1);
        }
        JitterStats stats = buffer.stats();
        assertThat(stats.late()).isZero();
        assertThat(stats.dropped()).isZero();
        // No jitter: a packet waits its margin and the turn's phase, never more than a frame beyond.
        assertThat(stats.delaySumMillis() / stats.played())
                .isLessThanOrEqualTo(JitterBuffer.MARGIN_MILLIS + JitterBuffer.FRAME_MILLIS + 1);
    }

    @Test
    void theDelayGrowsToCoverJitterSoPacketsStopBeingLate() {
        JitterBuffer buffer = new JitterBuffer();
        Random rnd = new Random(5);
        double[] arrival = new double[1000];
        for (int f = 0; f < arrival.length; f++) {
            arrival[f] = f * 10 + BASE_TRANSIT + rnd.nextDouble() * 30; // up to 30 ms of jitter
        }
        long lateAfterWarmUp = 0;
        int next = 0;
        for (int turn = 0; turn < 1000; turn++) {
            double now = turn * 10.0;
            while (next < arrival.length && arrival[next] <= now) {
                buffer.arrived(next, packet(next), arrival[next]);
                next++;
            }
            long lateBefore = buffer.stats().late();
            buffer.next(now);
            if (turn == 400) {
                lateAfterWarmUp = lateBefore;
            }
        }
        assertThat(buffer.targetMillis()).isBetween(25.0, 30 + JitterBuffer.MARGIN_MILLIS + 1);
        // After the window filled, at most the quantile's share comes too late.
        assertThat(buffer.stats().late() - lateAfterWarmUp).isLessThan(600 * 5 / 100);
    }

    @Test
    void aMissingPacketIsConcealedAndTheNextOnePlaysOnTime() {
        JitterBuffer buffer = new JitterBuffer();
        for (long f = 0; f < 50; f++) {
            if (f != 30) {
                buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT);
            }
        }
        List<JitterBuffer.Turn> turns = play(buffer, 0, 60);
        int lost = -1;
        for (int i = 1; i < turns.size(); i++) {
            if (turns.get(i).kind() == Kind.CONCEAL && turns.get(i - 1).kind() == Kind.PLAY) {
                lost = i;
                assertThat(turns.get(i - 1).packet()[0]).isEqualTo((byte) 29);
                assertThat(turns.get(i + 1).packet()[0]).isEqualTo((byte) 31);
                break;
            }
        }
        assertThat(lost).isPositive();
    }

    @Test
    void aPacketAfterItsTurnIsCountedLateAndNeverPlayed() {
        JitterBuffer buffer = new JitterBuffer();
        for (long f = 0; f < 20; f++) {
            buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT);
        }
        play(buffer, 0, 30);
        buffer.arrived(5, packet(5), 300);
        assertThat(buffer.stats().late()).isEqualTo(1);
    }

    @Test
    void aSilentSenderPlaysNothingAndItsReturnStartsOver() {
        JitterBuffer buffer = new JitterBuffer();
        for (long f = 0; f < 10; f++) {
            buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT);
        }
        List<JitterBuffer.Turn> turns = play(buffer, 0, 100);
        assertThat(turns.subList(60, 100)).allMatch(t -> t.kind() == Kind.IDLE);
        // The sender resumes on its schedule, 2 s later: the next packet plays without a burst of concealment.
        for (long f = 200; f < 220; f++) {
            buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT);
        }
        List<JitterBuffer.Turn> resumed = play(buffer, 2000, 20);
        assertThat(resumed.stream().filter(t -> t.kind() == Kind.PLAY).count()).isGreaterThanOrEqualTo(18);
    }

    @Test
    void aShorterDelayIsReachedByDroppingAtMostOneFramePerTurn() {
        JitterBuffer buffer = new JitterBuffer();
        // 3 s with 60 ms of jitter on every 10th packet, then 3 s without: the delay comes down.
        int frames = 600;
        for (int f = 0; f < frames; f++) {
            double extra = f < 300 && f % 10 == 0 ? 60 : 0;
            buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT + extra);
            buffer.next(f * 10 + 1);
        }
        assertThat(buffer.targetMillis()).isLessThan(10);
        JitterStats stats = buffer.stats();
        assertThat(stats.dropped()).isPositive();
        assertThat(stats.played() + stats.dropped() + stats.late()).isLessThanOrEqualTo(frames);
    }

    @Test
    void aSenderThatJumpsFarAheadMovesThePositionWithoutPlayingTheGap() {
        JitterBuffer buffer = new JitterBuffer();
        for (long f = 0; f < 20; f++) {
            buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT);
            buffer.next(f * 10 + 5);
        }
        // A 1 s stall at the sender: it skips its frames and continues on schedule.
        for (long f = 120; f < 140; f++) {
            buffer.arrived(f, packet(f), f * 10 + BASE_TRANSIT);
            buffer.next(f * 10 + 5);
        }
        assertThat(buffer.stats().played()).isGreaterThanOrEqualTo(36);
    }
}
