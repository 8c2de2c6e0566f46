package dev.starling.visualizer.export;

import dev.starling.visualizer.event.CallStateChanged;
import dev.starling.visualizer.event.DeviceState;
import dev.starling.visualizer.event.ElectionFinished;
import dev.starling.visualizer.event.LeaderChanged;
import dev.starling.visualizer.event.LinkKind;
import dev.starling.visualizer.event.LinkPath;
import dev.starling.visualizer.event.LinkStats;
import dev.starling.visualizer.event.PeerJoined;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.model.TopologyModel;
import dev.starling.visualizer.model.TopologySnapshot;
import java.util.List;
import java.util.Map;

final class Fixtures {

    /** 10 kB name that tries to break out of every format we emit. */
    static final String HOSTILE =
            "<script>alert(\"x\")</script>\"]; evil -> p0 [label=\"pwn\"] & ' \u0001 \\" + "y".repeat(10_000) + "\\";

    private Fixtures() {}

    static TopologySnapshot room() {
        TopologyModel m = TopologyModel.withDefaults();
        m.accept(new PeerJoined(1, "m1", "Mixer One", Role.MESH));
        m.accept(new PeerJoined(2, "c1", "Client One", Role.MESH));
        m.accept(new PeerJoined(3, "evil", HOSTILE, Role.MESH));
        m.accept(new LeaderChanged(4, "c1"));
        m.accept(new ElectionFinished(5, 1, List.of("m1"), Map.of("c1", "m1", "evil", "m1"), "peer-joined"));
        m.accept(new LinkStats(
                6,
                "c1",
                "m1",
                LinkKind.MEDIA,
                1200,
                30,
                0.5,
                3,
                45,
                new LinkPath("srflx", "relay", "udp", "connected")));
        m.accept(new LinkStats(
                7,
                "m1",
                "c1",
                LinkKind.MEDIA,
                2400,
                31,
                7.5,
                4,
                46,
                new LinkPath("host", "srflx", "udp", "reconnecting")));
        m.accept(new LinkStats(8, "evil", "m1", LinkKind.CONTROL, 0, 12, 0, 0, 0));
        m.accept(new CallStateChanged(8, "c1", DeviceState.OFF, DeviceState.ON, DeviceState.ON));
        return m.current();
    }
}
