package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EncodingEditsTest {
    @Test
    void aCapIsSetOnceAndNoCapLeavesTheEncodingAlone() {
        RTCRtpEncodingParameters encoding = new RTCRtpEncodingParameters();
        assertThat(EncodingEdits.capBitrate(encoding, OptionalInt.empty())).isFalse();
        assertThat(encoding.maxBitrate).isNull();

        assertThat(EncodingEdits.capBitrate(encoding, OptionalInt.of(32_000))).isTrue();
        assertThat(encoding.maxBitrate).isEqualTo(32_000);
        assertThat(EncodingEdits.capBitrate(encoding, OptionalInt.of(32_000))).isFalse();
    }

    @Test
    void activationReportsOnlyRealChanges() {
        RTCRtpEncodingParameters encoding = new RTCRtpEncodingParameters();
        encoding.active = true;
        assertThat(EncodingEdits.activate(encoding, true)).isFalse();
        assertThat(EncodingEdits.activate(encoding, false)).isTrue();
        assertThat(encoding.active).isFalse();
    }
}
