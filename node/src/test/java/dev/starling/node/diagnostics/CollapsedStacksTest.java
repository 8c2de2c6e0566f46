package dev.starling.node.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollapsedStacksTest {
    @Test
    void samplesAddUpPerThreadWithNumberedThreadsAsOneGroup() {
        CollapsedStacks stacks = CollapsedStacks.parse(List.of(
                "[EncoderQueue tid=101];start_thread;vp8_encode 60",
                "[EncoderQueue tid=102];start_thread;vp8_encode 20",
                "[media-audio-5tpambc2lbbqkfgg3 tid=7];Thread.run;AudioPusher.tick 10",
                "[media-audio-5tpambc2lbbqkfgg12 tid=8];Thread.run;AudioPusher.tick 5",
                "[network_thread tid=9];epoll_wait 5",
                "garbage without a count",
                ""));

        assertThat(stacks.samples()).isEqualTo(100);
        assertThat(stacks.shareByThread())
                .containsExactly(
                        java.util.Map.entry("EncoderQueue", 80.0),
                        java.util.Map.entry("media-audio", 15.0),
                        java.util.Map.entry("network_thread", 5.0));
    }
}
