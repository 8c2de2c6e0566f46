package dev.starling.node.media.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AudioChannelTest {
    @Test
    void theNodesAudioCapBoundsThePacketEncoderButNeverRaisesIt() {
        assertThat(AudioChannel.bitrateUnder(OptionalInt.empty())).isEqualTo(32_000);
        assertThat(AudioChannel.bitrateUnder(OptionalInt.of(16_000))).isEqualTo(16_000);
        assertThat(AudioChannel.bitrateUnder(OptionalInt.of(128_000))).isEqualTo(32_000);
    }
}
