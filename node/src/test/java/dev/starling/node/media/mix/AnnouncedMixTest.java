package dev.starling.node.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnouncedMixTest {
    private final AnnouncedMix mix = new AnnouncedMix(2_000);

    @Test
    void carriesWhatWasAnnouncedAndNothingBefore() {
        assertThat(mix.carries("c", 0)).isFalse();
        mix.announce(Set.of("m2", "c"), 1_000);
        assertThat(mix.carries("c", 1_000)).isTrue();
        assertThat(mix.carries("d", 1_000)).isFalse();
    }

    @Test
    void aDroppedOriginCountsUntilTheAudioInFlightHasPassed() {
        mix.announce(Set.of("m2", "c"), 1_000);
        mix.announce(Set.of("m2"), 5_000);
        assertThat(mix.carries("c", 5_000)).isTrue();
        assertThat(mix.carries("c", 6_999)).isTrue();
        assertThat(mix.carries("c", 7_000)).isFalse();
        assertThat(mix.carries("m2", 9_000)).isTrue();
    }

    @Test
    void anOriginThatReturnsIsCarriedAgainWithoutItsOldDeadline() {
        mix.announce(Set.of("c"), 0);
        mix.announce(Set.of(), 1_000);
        mix.announce(Set.of("c"), 1_500);
        mix.announce(Set.of(), 10_000);
        assertThat(mix.carries("c", 11_000)).isTrue();
        assertThat(mix.carries("c", 12_000)).isFalse();
    }
}
