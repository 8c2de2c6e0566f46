package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.DeviceState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PageSourcesTest {
    private static final CallState TALKING = new CallState(DeviceState.ON, DeviceState.ON, DeviceState.NONE);

    private final PageSources sources = new PageSources(320, 240, 15);
    private final AudioFrames audio = sources.audio(0);

    @Test
    void nothingIsSentUntilAPageAttachesNorAfterItLeaves() {
        assertThat(audio.live()).isFalse();
        assertThat(sources.video(0).live()).isFalse();
        sources.attach();
        sources.apply(TALKING);
        assertThat(audio.live()).isTrue();
        sources.detach();
        assertThat(audio.live()).isFalse();
        assertThat(sources.state().audio()).isEqualTo(DeviceState.NONE);
    }

    @Test
    void aMutedMicrophoneSendsSilenceAndNoMicrophoneSendsNothing() {
        sources.attach();
        sources.apply(TALKING);
        short[] loud = new short[AudioFrames.FRAME_SAMPLES];
        Arrays.fill(loud, (short) 5000);
        short[] out = new short[AudioFrames.FRAME_SAMPLES];

        sources.offerAudio(loud);
        audio.render(0, out);
        assertThat(out[0]).isEqualTo((short) 5000);

        sources.apply(new CallState(DeviceState.OFF, DeviceState.ON, DeviceState.NONE));
        sources.offerAudio(loud);
        audio.render(1, out);
        assertThat(audio.live()).isTrue();
        assertThat(out).containsOnly((short) 0);

        sources.apply(new CallState(DeviceState.NONE, DeviceState.ON, DeviceState.NONE));
        assertThat(audio.live()).isFalse();
    }

    @Test
    void theCameraIsLiveOnlyOnceAFreshPictureCameAndIsScaledToTheSentSize() {
        VideoFrames camera = sources.video(0);
        sources.attach();
        sources.apply(TALKING);
        assertThat(camera.live()).as("on, but no picture yet").isFalse();

        byte[] i420 = new byte[(int) I420Frame.frameBytes(640, 480)];
        Arrays.fill(i420, 0, 640 * 480, (byte) 200);
        sources.offerPicture(VideoSourceKind.CAMERA, 640, 480, i420);
        assertThat(camera.live()).isTrue();
        I420Frame sent = I420Frame.packed(320, 240);
        camera.render(0, sent);
        assertThat(sent.lumaAt(160, 120)).isEqualTo(200);

        sources.apply(new CallState(DeviceState.ON, DeviceState.OFF, DeviceState.NONE));
        assertThat(camera.live()).isFalse();
        sources.apply(TALKING);
        assertThat(camera.live())
                .as("back on: waits for a new picture, not the old one")
                .isFalse();
    }

    @Test
    void theScreenIsItsOwnPicture() {
        sources.attach();
        sources.apply(new CallState(DeviceState.ON, DeviceState.ON, DeviceState.ON));
        sources.offerPicture(VideoSourceKind.SCREEN, 4, 2, new byte[12]);
        assertThat(sources.screen().live()).isTrue();
        assertThat(sources.video(0).live()).isFalse();
    }
}
