package dev.starling.node.routing;

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

    @Test
    void aPeerCarriesOnlyItsOwnVoiceOnceNothingElseIsAnnouncedOrInFlight() {
        assertThat(mix.carriesOnly("c", 0))
                .as("nothing announced yet: its own voice")
                .isTrue();
        mix.announce(Set.of("c"), 0);
        assertThat(mix.carriesOnly("c", 0)).isTrue();
        mix.announce(Set.of("c", "d"), 1_000);
        assertThat(mix.carriesOnly("c", 1_000)).as("a mix").isFalse();
        mix.announce(Set.of("c"), 2_000);
        assertThat(mix.carriesOnly("c", 3_999)).as("d's voice still in flight").isFalse();
        assertThat(mix.carriesOnly("c", 4_000)).isTrue();
        assertThat(mix.carriesOnly("d", 4_000)).isFalse();
        mix.announce(Set.of(), 5_000);
        assertThat(mix.carriesOnly("c", 5_000))
                .as("frozen: at most c's voice, still in flight")
                .isTrue();
    }
}
