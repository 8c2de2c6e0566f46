package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.BroadcastStart;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import dev.starling.protocol.v1.ElectionPoints;
import dev.starling.protocol.v1.ElectionResult;
import dev.starling.protocol.v1.ElectionStart;
import dev.starling.protocol.v1.PeerPoints;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElectionMessagesTest {

    @Test
    void roundTripsThroughTheWireMessages() throws Exception {
        ElectionStart start =
                ElectionStart.parseFrom(ElectionMessages.toProto(new BroadcastStart(4, 2, "seed", "mixer-left"))
                        .toByteArray());
        assertThat(ElectionMessages.fromProto("lead", start, Set.of("lead", "x")))
                .isEqualTo(new ElectionEvent.StartReceived("lead", 4, 2, "seed", Set.of("lead", "x")));

        var response = ElectionMessages.toProto(new SendProbeResponse("a", 4, 33.5, 7.25), "me");
        assertThat(response.getOrigin()).isEqualTo("me");
        assertThat(ElectionMessages.fromProto("me", response))
                .isEqualTo(new ElectionEvent.ProbeResponseReceived("me", 4, 33.5, 7.25));

        var probe = ElectionMessages.toProto(new SendProbe("a", 4), "me", ByteString.copyFrom(new byte[16]));
        assertThat(probe.getPayload().size()).isEqualTo(16);

        List<Points> points = List.of(Points.of("a", 1.5, 2, 3), Points.of("b", 0, 0, 9));
        ElectionPoints wirePoints = ElectionMessages.toProto(new BroadcastPoints(4, points));
        assertThat(ElectionMessages.fromProto("me", wirePoints).points()).isEqualTo(points);
        assertThat(ElectionMessages.fromProto("me", wirePoints).candidate()).isTrue();
        ElectionPoints declining = ElectionMessages.toProto(new BroadcastPoints(4, points, false));
        assertThat(declining.getDeclinesMixing()).isTrue();
        assertThat(ElectionMessages.fromProto("me", declining).candidate()).isFalse();

        ElectionOutcome o = new ElectionOutcome(
                4,
                "lead",
                "balanced",
                List.of("m1", "m2"),
                Map.of("c1", "m1", "c2", "m2"),
                Map.of("c1", "m2", "c2", "m1"),
                List.of());
        ElectionResult result =
                ElectionResult.parseFrom(ElectionMessages.toProto(o).toByteArray());
        assertThat(ElectionMessages.fromProto("lead", result).outcome()).isEqualTo(o);
    }

    @Test
    void malformedPointsFromTheWireAreDropped() {
        ElectionPoints m = ElectionPoints.newBuilder()
                .setNumber(1)
                .addPoints(PeerPoints.newBuilder().setPeerId("a").setTotal(Double.NaN))
                .addPoints(PeerPoints.newBuilder().setPeerId("b").setTotal(-1))
                .addPoints(PeerPoints.newBuilder().setPeerId("c").setTotal(5))
                .addPoints(PeerPoints.newBuilder().setPeerId("c").setTotal(500))
                .build();
        assertThat(ElectionMessages.fromProto("s", m).points()).containsExactly(new Points("c", 0, 0, 0, 5));
    }

    @Test
    void zeroMixersFromTheWireBecomesOne() {
        ElectionStart m = ElectionStart.newBuilder().setNumber(1).build();
        assertThat(ElectionMessages.fromProto("l", m, Set.of()).mixers()).isEqualTo(1);
    }
}
