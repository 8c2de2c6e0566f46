package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SessionPartsTest {
    @Test
    void sdpTypesRoundTripThroughTheirWireNames() {
        for (RTCSdpType type : RTCSdpType.values()) {
            assertThat(Negotiator.parseType(SignalSender.typeName(type))).isEqualTo(type);
        }
        assertThat(Negotiator.parseType("bogus")).isNull();
    }

    @Test
    void recordingsOfAPeerShareOneSafeName() {
        RecordingPlan plan = new RecordingPlan(Path.of("/rec"), 30);
        assertThat(plan.fileFor("node/a b", ".wav")).isEqualTo(Path.of("/rec/node_a_b.wav"));
        assertThat(plan.fileFor("node/a b", ".y4m")).isEqualTo(Path.of("/rec/node_a_b.y4m"));
        assertThat(new RecordingPlan(null, 30).fileFor("node-a", ".wav")).isNull();
    }

    @Test
    void linkStateRecordsTheFirstConnectOnly() {
        LinkState link = new LinkState();
        assertThat(link.state()).isEqualTo(RTCPeerConnectionState.NEW);
        assertThat(link.connectMillis()).isNaN();
        assertThat(link.changed(RTCPeerConnectionState.CONNECTED)).isTrue();
        double first = link.connectMillis();
        assertThat(first).isNotNaN();
        assertThat(link.steady()).isFalse(); // still warming up
        assertThat(link.changed(RTCPeerConnectionState.DISCONNECTED)).isFalse();
        assertThat(link.changed(RTCPeerConnectionState.CONNECTED)).isTrue();
        assertThat(link.connectMillis()).isEqualTo(first);
        link.close();
        link.connectionClosed();
        assertThat(link.closed()).isTrue();
        assertThat(link.state()).isEqualTo(RTCPeerConnectionState.CLOSED);
    }
}
