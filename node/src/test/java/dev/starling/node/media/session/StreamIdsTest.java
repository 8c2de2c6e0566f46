package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.source.VideoSourceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamIdsTest {

    @Test
    void theScreenStreamIsToldFromTheCamera() {
        assertThat(StreamIds.videoKind(List.of(StreamIds.screen("node-a")))).isEqualTo(VideoSourceKind.SCREEN);
        assertThat(StreamIds.videoKind(List.of(StreamIds.camera("node-a")))).isEqualTo(VideoSourceKind.CAMERA);
    }

    @Test
    void aPeerWhoseIdLooksLikeAScreenIsStillACamera() {
        // Only the prefix counts: a peer named "s-x" sends its camera as "v-s-x".
        assertThat(StreamIds.videoKind(List.of(StreamIds.camera("s-x")))).isEqualTo(VideoSourceKind.CAMERA);
    }

    @Test
    void aTrackWithoutStreamsIsTakenForTheCamera() {
        assertThat(StreamIds.videoKind(List.of())).isEqualTo(VideoSourceKind.CAMERA);
    }

    @Test
    void everyTrackHasItsOwnStream() {
        assertThat(List.of(StreamIds.audio("p"), StreamIds.camera("p"), StreamIds.screen("p")))
                .doesNotHaveDuplicates();
    }
}
