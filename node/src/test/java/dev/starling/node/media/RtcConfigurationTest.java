package dev.starling.node.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcConfigurationTest {
    @Test
    void mapsStunAndTurnServersAndBundlesEverything() {
        RTCConfiguration c = LocalMediaFactory.rtcConfiguration(
                List.of(
                        IceServerConfig.stun("stun:stun.example.org:3478"),
                        IceServerConfig.turn("turn:turn.example.org:3478?transport=udp", "alice", "s3cret")),
                false);
        assertThat(c.bundlePolicy).isEqualTo(RTCBundlePolicy.MAX_BUNDLE);
        assertThat(c.iceServers).hasSize(2);
        assertThat(c.iceServers.get(0).urls).containsExactly("stun:stun.example.org:3478");
        assertThat(c.iceServers.get(0).username).isNull();
        assertThat(c.iceServers.get(1).urls).containsExactly("turn:turn.example.org:3478?transport=udp");
        assertThat(c.iceServers.get(1).username).isEqualTo("alice");
        assertThat(c.iceServers.get(1).password).isEqualTo("s3cret");
    }

    @Test
    void relayOnlyIsTheRelayTransportPolicy() {
        assertThat(LocalMediaFactory.rtcConfiguration(List.of(), false).iceTransportPolicy)
                .isNotEqualTo(dev.onvoid.webrtc.RTCIceTransportPolicy.RELAY);
        assertThat(LocalMediaFactory.rtcConfiguration(
                                List.of(IceServerConfig.turn("turn:t.example:3478", "u", "p")), true)
                        .iceTransportPolicy)
                .isEqualTo(dev.onvoid.webrtc.RTCIceTransportPolicy.RELAY);
    }

    @Test
    void noServersMeansHostCandidatesOnly() {
        assertThat(LocalMediaFactory.rtcConfiguration(List.of(), false).iceServers)
                .isEmpty();
        assertThatThrownBy(() -> new IceServerConfig(List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configValidatesItsInputs() {
        assertThatThrownBy(() -> MediaConfig.synthetic(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaConfig.synthetic("a").withVideo(320, 240, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MediaConfig.synthetic("a").withVideo(640, 360, 30).width()).isEqualTo(640);
    }
}
