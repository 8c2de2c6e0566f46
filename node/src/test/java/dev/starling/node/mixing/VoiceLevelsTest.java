package dev.starling.node.mixing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VoiceLevelsTest {
    @Test
    void aWindowKeepsEachVoiceLoudestFrameAndTheNextStartsEmpty() {
        VoiceLevels levels = new VoiceLevels();
        levels.hear("a", 0.1);
        levels.hear("a", 0.4);
        levels.hear("a", 0.2);
        levels.hear("b", 0.0);
        assertThat(levels.take()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 0.4, "b", 0.0));
        assertThat(levels.take()).isEmpty();
    }
}
