package dev.starling.node.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EarlySignalsTest {
    private static final long MAX_AGE = TimeUnit.SECONDS.toNanos(15);
    private final AtomicLong now = new AtomicLong();
    private final EarlySignals<String> early = new EarlySignals<>(2, 3, MAX_AGE, now::get);

    @Test
    void signalsWaitForTheirPeerAndLeaveInTheOrderTheyCame() {
        early.hold("b", "answer");
        early.hold("b", "candidate 1");
        early.hold("c", "offer");
        early.hold("b", "candidate 2");

        assertThat(early.holding("b")).isTrue();
        assertThat(early.release("b")).containsExactly("answer", "candidate 1", "candidate 2");
        assertThat(early.holding("b")).as("later signals go straight out").isFalse();
        assertThat(early.release("b")).isEmpty();
        assertThat(early.release("c")).containsExactly("offer");
        assertThat(early.dropped()).isZero();
    }

    @Test
    void boundedInPeersAndInSignalsPerPeer() {
        assertThat(early.hold("b", "1")).isTrue();
        assertThat(early.hold("b", "2")).isTrue();
        assertThat(early.hold("b", "3")).isTrue();
        assertThat(early.hold("b", "4")).isFalse();
        assertThat(early.hold("c", "1")).isTrue();
        assertThat(early.hold("d", "1")).as("a third peer").isFalse();

        assertThat(early.dropped()).isEqualTo(2);
        assertThat(early.release("b")).containsExactly("1", "2", "3");
        assertThat(early.hold("d", "1")).as("room again once b's signals left").isTrue();
    }

    @Test
    void aPeerThatNeverCameLosesItsSignalsAsAWhole() {
        early.hold("b", "answer");
        now.addAndGet(MAX_AGE - 1);
        early.hold("b", "candidate");
        now.addAndGet(2);

        assertThat(early.release("b"))
                .as("the answer is too old, and its candidate useless")
                .isEmpty();
        assertThat(early.dropped()).isEqualTo(2);
    }

    @Test
    void aPeerThatLeftLosesWhatWaitedForIt() {
        early.hold("b", "answer");
        early.forget("b");

        assertThat(early.holding("b")).isFalse();
        assertThat(early.release("b")).isEmpty();
        assertThat(early.dropped()).isEqualTo(1);
    }
}
