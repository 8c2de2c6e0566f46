package dev.starling.visualizer.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {

    private final EventJson json = new EventJson();

    @Test
    void decodesEveryTypeFromTheNodeShape() {
        assertThat(accepted("{\"type\":\"PeerJoined\",\"at\":5,\"peerId\":\"p1\",\"name\":\"Ann\",\"role\":\"mesh\"}"))
                .isEqualTo(new PeerJoined(5, "p1", "Ann", Role.MESH));
        assertThat(
                        accepted(
                                "{\"type\":\"LinkStats\",\"at\":6,\"from\":\"a\",\"to\":\"b\",\"kind\":\"media\","
                                        + "\"bitrateKbps\":1200.5,\"rttMs\":30,\"lossPercent\":1.5,\"jitterMs\":3,\"latencyP50Ms\":44,\"extra\":1}"))
                .isEqualTo(new LinkStats(6, "a", "b", LinkKind.MEDIA, 1200.5, 30, 1.5, 3, 44));
        assertThat(accepted("{\"type\":\"LinkStats\",\"at\":6,\"from\":\"a\",\"to\":\"b\",\"kind\":\"control\"}"))
                .isEqualTo(new LinkStats(6, "a", "b", LinkKind.CONTROL, 0, 0, 0, 0, 0));
        assertThat(accepted("{\"type\":\"LeaderChanged\",\"at\":7,\"peerId\":null}"))
                .isEqualTo(new LeaderChanged(7, null));
        assertThat(accepted("{\"type\":\"ElectionFinished\",\"at\":8,\"number\":3,\"mixers\":[\"m\"],"
                        + "\"assignment\":{\"a\":\"m\"},\"trigger\":\"cpu\"}"))
                .isEqualTo(new ElectionFinished(8, 3, List.of("m"), Map.of("a", "m"), "cpu"));
        assertThat(accepted("{\"type\":\"CallStateChanged\",\"at\":9,\"peerId\":\"p1\","
                        + "\"audio\":\"off\",\"video\":\"on\",\"screen\":\"none\"}"))
                .isEqualTo(new CallStateChanged(9, "p1", DeviceState.OFF, DeviceState.ON, DeviceState.NONE));
    }

    @Test
    void roundTripsEveryType() {
        List<TopologyEvent> events = List.of(
                new PeerJoined(1, "a", "A <b>", Role.CLIENT),
                new PeerLeft(2, "a"),
                new RoleChanged(3, "a", Role.MIXER),
                new LeaderChanged(4, "a"),
                new LeaderChanged(4, null),
                new LinkStats(5, "a", "b", LinkKind.CONTROL, 1, 2, 3, 4, 5),
                new LinkStats(
                        5,
                        "a",
                        "b",
                        LinkKind.MEDIA,
                        1,
                        2,
                        3,
                        4,
                        5,
                        new LinkPath("prflx", "relay", "tcp", "reconnecting")),
                new LinkStats(5, "a", "b", LinkKind.MEDIA, 1, 2, 3, 4, 5, new LinkPath("", "", "", "connecting")),
                new LinkClosed(6, "a", "b", LinkKind.MEDIA),
                new PeerMetrics(7, "a", 99.5, -3),
                new CallStateChanged(7, "a", DeviceState.ON, DeviceState.OFF, DeviceState.ON),
                new ElectionFinished(8, 9, List.of("x", "y"), Map.of("a", "x"), "t"));
        for (TopologyEvent e : events) {
            assertThat(accepted(json.encode(e))).isEqualTo(e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "42",
                "{}",
                "{\"type\":\"PeerJoined\"}",
                "{\"type\":\"Nope\",\"at\":1}",
                "{\"type\":\"PeerJoined\",\"at\":-1,\"peerId\":\"p\",\"name\":\"n\",\"role\":\"mesh\"}",
                "{\"type\":\"PeerJoined\",\"at\":1.5,\"peerId\":\"p\",\"name\":\"n\",\"role\":\"mesh\"}",
                "{\"type\":\"PeerJoined\",\"at\":1,\"peerId\":\"p\",\"name\":\"n\",\"role\":\"king\"}",
                "{\"type\":\"PeerJoined\",\"at\":1,\"peerId\":7,\"name\":\"n\",\"role\":\"mesh\"}",
                "{\"type\":\"PeerJoined\",\"at\":1,\"peerId\":\"\",\"name\":\"n\",\"role\":\"mesh\"}",
                "{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"lossPercent\":150}",
                "{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"bitrateKbps\":\"fast\"}",
                "{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"kind\":\"carrier-pigeon\"}",
                "{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"path\":\"relay\"}",
                "{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"path\":{\"from\":\"wormhole\"}}",
                "{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"path\":{\"state\":\"<b>gone\"}}",
                "{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"path\":{\"protocol\":7}}",
                "{\"type\":\"ElectionFinished\",\"at\":1,\"number\":1,\"mixers\":\"m\",\"assignment\":{}}",
                "{\"type\":\"CallStateChanged\",\"at\":1,\"peerId\":\"p\",\"audio\":\"muted\",\"video\":\"on\",\"screen\":\"none\"}",
                "{\"type\":\"CallStateChanged\",\"at\":1,\"peerId\":\"p\",\"audio\":\"on\",\"video\":\"on\"}",
                "{\"type\":\"ElectionFinished\",\"at\":1,\"number\":1,\"mixers\":[],\"assignment\":{\"a\":5}}",
            })
    void rejectsMalformedEventsWithAReasonInsteadOfThrowing(String input) {
        DecodeResult r = json.decode(input);
        assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
        assertThat(((DecodeResult.Rejected) r).reason()).isNotBlank();
    }

    @Test
    void rejectionNamesTheField() {
        DecodeResult r = json.decode("{\"type\":\"LinkStats\",\"at\":1,\"from\":\"a\",\"to\":\"b\",\"rttMs\":-4}");
        assertThat(((DecodeResult.Rejected) r).reason()).contains("rttMs");
    }

    @Test
    void rejectionMessagesDoNotEchoMarkup() {
        DecodeResult r = json.decode("{\"type\":\"<script>alert(1)</script>\",\"at\":1}");
        assertThat(((DecodeResult.Rejected) r).reason()).doesNotContain("<", ">");
    }

    @Test
    void acceptsATenKilobyteHostileName() {
        String name = "<script>alert('x')</script>" + "x".repeat(10_000);
        TopologyEvent e = accepted(json.encode(new PeerJoined(1, "p", name, Role.MESH)));
        assertThat(((PeerJoined) e).name()).isEqualTo(name);
    }

    @Test
    void rejectsOversizedEvents() {
        String huge = "{\"type\":\"PeerJoined\",\"at\":1,\"peerId\":\"p\",\"role\":\"mesh\",\"name\":\""
                + "x".repeat(EventJson.MAX_EVENT_CHARS) + "\"}";
        assertThat(json.decode(huge)).isInstanceOf(DecodeResult.Rejected.class);
    }

    private TopologyEvent accepted(String s) {
        DecodeResult r = json.decode(s);
        assertThat(r).as("decode %s", s).isInstanceOf(DecodeResult.Accepted.class);
        return ((DecodeResult.Accepted) r).event();
    }
}
