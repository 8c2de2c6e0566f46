package dev.starling.node.media.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.mixing.ShownPicture;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentCompositesTest {
    private final RecentComposites recent = new RecentComposites();

    private static CompositeContents showing(long stampMillis) {
        return new CompositeContents(stampMillis, List.of(new ShownPicture("a", stampMillis - 40)));
    }

    @Test
    void aCompositeIsFoundByItsStampOnce() {
        recent.announced(showing(1000));
        recent.announced(showing(1033));
        assertThat(recent.take(1033)).contains(showing(1033));
        assertThat(recent.take(1033)).as("a frame is decoded once").isEmpty();
        assertThat(recent.take(1000)).contains(showing(1000));
        assertThat(recent.take(2000)).as("not a composite").isEmpty();
    }

    @Test
    void announcementsWhoseFramesNeverCameArePushedOutByNewerOnes() {
        for (int i = 0; i < RecentComposites.CAPACITY + 10; i++) {
            recent.announced(showing(1000 + i));
        }
        assertThat(recent.take(1000)).isEmpty();
        assertThat(recent.take(1009)).isEmpty();
        assertThat(recent.take(1010)).contains(showing(1010));
        assertThat(recent.take(1000 + RecentComposites.CAPACITY + 9)).isPresent();
    }
}
