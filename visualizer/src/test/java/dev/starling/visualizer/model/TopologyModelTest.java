package dev.starling.visualizer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.visualizer.event.CallStateChanged;
import dev.starling.visualizer.event.DeviceState;
import dev.starling.visualizer.event.ElectionFinished;
import dev.starling.visualizer.event.LeaderChanged;
import dev.starling.visualizer.event.LinkClosed;
import dev.starling.visualizer.event.LinkKind;
import dev.starling.visualizer.event.LinkStats;
import dev.starling.visualizer.event.PeerJoined;
import dev.starling.visualizer.event.PeerLeft;
import dev.starling.visualizer.event.PeerMetrics;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.event.RoleChanged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyModelTest {

    private final TopologyModel model = new TopologyModel(Duration.ofMinutes(10), 10_000);

    private void threePeers() {
        model.accept(new PeerJoined(1000, "a", "Alice", Role.MESH));
        model.accept(new PeerJoined(1001, "b", "Bob", Role.MESH));
        model.accept(new PeerJoined(1002, "c", "Carol", Role.MESH));
    }

    @Test
    void peersJoinWithRolesAndLeader() {
        threePeers();
        model.accept(new LeaderChanged(1003, "b"));
        model.accept(new RoleChanged(1004, "c", Role.CLIENT));
        model.accept(new PeerMetrics(1005, "a", 42.5, 17));

        TopologySnapshot s = model.current();
        assertThat(s.peers()).extracting(Peer::id).containsExactly("a", "b", "c");
        assertThat(s.leader()).map(Peer::id).contains("b");
        assertThat(s.peer("c").orElseThrow().role()).isEqualTo(Role.CLIENT);
        assertThat(s.peer("a").orElseThrow().cpuPercent()).isEqualTo(42.5);
        assertThat(s.peer("a").orElseThrow().electionPoints()).isEqualTo(17);
        assertThat(s.at()).isEqualTo(1005);
    }

    @Test
    void callStatesStartAsNoneAndSurviveARepeatedJoin() {
        threePeers();
        assertThat(model.current().peer("a").orElseThrow().audio()).isEqualTo(DeviceState.NONE);

        model.accept(new CallStateChanged(1003, "a", DeviceState.OFF, DeviceState.ON, DeviceState.ON));
        model.accept(new PeerJoined(1004, "a", "Alice A.", Role.MESH));
        model.accept(new CallStateChanged(1005, "nobody", DeviceState.ON, DeviceState.ON, DeviceState.ON));

        Peer a = model.current().peer("a").orElseThrow();
        assertThat(a.name()).isEqualTo("Alice A.");
        assertThat(List.of(a.audio(), a.video(), a.screen()))
                .containsExactly(DeviceState.OFF, DeviceState.ON, DeviceState.ON);
        assertThat(model.ignoredEvents()).as("state of an unknown peer").isEqualTo(1);
        assertThat(model.replayTo(1003).peer("a").orElseThrow().screen()).isEqualTo(DeviceState.ON);
        assertThat(model.replayTo(1002).peer("a").orElseThrow().screen()).isEqualTo(DeviceState.NONE);
    }

    @Test
    void mediaAndControlLinksAreDistinctDirectedEdgesWithFigures() {
        threePeers();
        model.accept(new LinkStats(2000, "a", "b", LinkKind.MEDIA, 1200, 35, 0.5, 4, 60));
        model.accept(new LinkStats(2001, "b", "a", LinkKind.MEDIA, 800, 36, 1.5, 5, 61));
        model.accept(new LinkStats(2002, "a", "b", LinkKind.CONTROL, 0, 30, 0, 0, 0));
        model.accept(new LinkStats(2003, "a", "b", LinkKind.MEDIA, 1500, 34, 0.25, 3, 58));

        TopologySnapshot s = model.current();
        assertThat(s.links()).hasSize(3);
        Peer a = s.peer("a").orElseThrow();
        Peer b = s.peer("b").orElseThrow();
        assertThat(s.graph().getAllEdges(a, b))
                .extracting(Link::kind)
                .containsExactlyInAnyOrder(LinkKind.MEDIA, LinkKind.CONTROL);
        Link ab = s.graph().getAllEdges(a, b).stream()
                .filter(l -> l.kind() == LinkKind.MEDIA)
                .findFirst()
                .orElseThrow();
        assertThat(ab.bitrateKbps()).isEqualTo(1500);
        assertThat(ab.lossPercent()).isEqualTo(0.25);
        assertThat(ab.latencyP50Ms()).isEqualTo(58);
        assertThat(s.graph().getEdgeSource(ab)).isEqualTo(a);
        assertThat(s.graph().getEdgeTarget(ab)).isEqualTo(b);
    }

    @Test
    void leavingRemovesPeerItsLinksAndLeadership() {
        threePeers();
        model.accept(new LeaderChanged(1500, "a"));
        model.accept(new LinkStats(2000, "a", "b", LinkKind.MEDIA, 1200, 35, 0.5, 4, 60));
        model.accept(new LinkStats(2001, "c", "a", LinkKind.MEDIA, 1200, 35, 0.5, 4, 60));
        model.accept(new LinkStats(2002, "b", "c", LinkKind.MEDIA, 1200, 35, 0.5, 4, 60));
        model.accept(new PeerLeft(3000, "a"));

        TopologySnapshot s = model.current();
        assertThat(s.peers()).extracting(Peer::id).containsExactly("b", "c");
        assertThat(s.links()).extracting(Link::id).containsExactly("media:b->c");
        assertThat(s.leader()).isEmpty();
    }

    @Test
    void closingALinkRemovesOnlyThatEdge() {
        threePeers();
        model.accept(new LinkStats(2000, "a", "b", LinkKind.MEDIA, 1, 1, 0, 1, 1));
        model.accept(new LinkStats(2000, "a", "b", LinkKind.CONTROL, 0, 1, 0, 0, 0));
        model.accept(new LinkClosed(2100, "a", "b", LinkKind.MEDIA));
        assertThat(model.current().links()).extracting(Link::id).containsExactly("control:a->b");
    }

    @Test
    void electionSetsMixersAndClientsAndIsKeptInTimeline() {
        threePeers();
        model.accept(new ElectionFinished(4000, 1, List.of("b"), Map.of("a", "b", "c", "b"), "peer-joined"));
        TopologySnapshot s = model.current();
        assertThat(s.peer("b").orElseThrow().role()).isEqualTo(Role.MIXER);
        assertThat(s.peer("a").orElseThrow().role()).isEqualTo(Role.CLIENT);
        assertThat(s.elections()).extracting(ElectionFinished::trigger).containsExactly("peer-joined");

        model.accept(new ElectionFinished(5000, 2, List.of(), Map.of(), "room-shrunk"));
        assertThat(model.current().peers()).extracting(Peer::role).containsOnly(Role.MESH);
        assertThat(model.current().elections()).hasSize(2);
    }

    @Test
    void mixersLeftOutOfANewElectionAreDemoted() {
        threePeers();
        model.accept(new ElectionFinished(4000, 1, List.of("a", "b"), Map.of("c", "a"), "peer-joined"));
        model.accept(new ElectionFinished(5000, 2, List.of("a"), Map.of("c", "a"), "mixer-left"));
        TopologySnapshot s = model.current();
        assertThat(s.peer("a").orElseThrow().role()).isEqualTo(Role.MIXER);
        assertThat(s.peer("b").orElseThrow().role()).isEqualTo(Role.MESH);
        assertThat(s.peer("c").orElseThrow().role()).isEqualTo(Role.CLIENT);
    }

    @Test
    void eventsForUnknownPeersAreIgnoredNotResurrected() {
        threePeers();
        model.accept(new PeerLeft(1500, "c"));
        model.accept(new LinkStats(1600, "a", "c", LinkKind.MEDIA, 1, 1, 0, 1, 1));
        model.accept(new PeerMetrics(1601, "c", 1, 1));
        model.accept(new LeaderChanged(1602, "zz"));
        assertThat(model.current().peers()).extracting(Peer::id).containsExactly("a", "b");
        assertThat(model.current().links()).isEmpty();
        assertThat(model.ignoredEvents()).isEqualTo(3);
    }

    @Test
    void replayGivesTheGraphAsItWasAtThatTime() {
        threePeers();
        model.accept(new LinkStats(2000, "a", "b", LinkKind.MEDIA, 100, 1, 0, 1, 1));
        model.accept(new LinkStats(3000, "a", "b", LinkKind.MEDIA, 900, 1, 0, 1, 1));
        model.accept(new PeerLeft(4000, "c"));

        assertThat(model.replayTo(1001).peers()).extracting(Peer::id).containsExactly("a", "b");
        assertThat(model.replayTo(2500).links())
                .singleElement()
                .extracting(Link::bitrateKbps)
                .isEqualTo(100.0);
        assertThat(model.replayTo(3999).peers()).hasSize(3);
        assertThat(model.replayTo(4000).peers()).hasSize(2);
        assertThat(model.replayTo(Long.MAX_VALUE)).isEqualTo(model.current());
    }

    @Test
    void historyIsBoundedByAgeAndCountYetReplayStaysExact() {
        TopologyModel small = new TopologyModel(Duration.ofSeconds(60), 5);
        for (int i = 0; i < 20; i++) {
            small.accept(new PeerJoined(i * 1000L, "p" + i, "P" + i, Role.MESH));
        }
        assertThat(small.history()).hasSize(5);
        // Before the horizon we get the oldest retained state, which still contains p0..p14.
        assertThat(small.replayTo(0).peers()).hasSize(15);
        assertThat(small.replayTo(17_000).peers()).hasSize(18);

        TopologyModel aged = new TopologyModel(Duration.ofSeconds(5), 1000);
        for (int i = 0; i < 20; i++) {
            aged.accept(new PeerJoined(i * 1000L, "p" + i, "P" + i, Role.MESH));
        }
        assertThat(aged.history()).extracting(e -> e.at()).allMatch(at -> at >= 14_000);
        assertThat(aged.current().peers()).hasSize(20);
    }
}
