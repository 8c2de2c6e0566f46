package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.video.VideoDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The missing-device paths (a machine with a microphone and no camera is MicrophoneFeedIT's, which
 * opens the audio-only sources against a PulseAudio source).
 */
class DeviceSourcesTest {
    @Test
    void aMicrophoneIsNeededACameraIsNot() {
        DeviceCatalog none = catalog(List::of, List::of);
        assertThatThrownBy(() -> DeviceSources.open(none, 640, 360, 30))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("no microphone found")
                .hasMessageContaining("a camera is optional");
    }

    @Test
    void aFailingLookupCountsAsNoDevice() {
        DeviceCatalog broken = catalog(List::of, () -> {
            throw new IllegalStateException("no sound server");
        });
        assertThatThrownBy(() -> DeviceSources.open(broken, 640, 360, 30))
                .hasMessageContaining("no microphone found (no sound server)");
    }

    private static DeviceCatalog catalog(
            java.util.function.Supplier<List<VideoDevice>> cameras,
            java.util.function.Supplier<List<AudioDevice>> microphones) {
        return new DeviceCatalog() {
            @Override
            public List<VideoDevice> cameras() {
                return cameras.get();
            }

            @Override
            public List<AudioDevice> microphones() {
                return microphones.get();
            }
        };
    }
}
