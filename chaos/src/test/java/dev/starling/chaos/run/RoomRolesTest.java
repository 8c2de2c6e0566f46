package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import dev.starling.chaos.scenario.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomRolesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NODES = List.of("client-1", "client-2", "mixer-1");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Map<String, JsonNode> rooms() throws Exception {
        return Map.of(
                "client-1",
                json("{\"self\":{\"id\":\"id-c1\"}}"),
                "client-2",
                json("{\"self\":{\"id\":\"id-c2\"}}"),
                "mixer-1",
                json("{\"self\":{\"id\":\"id-m1\"}}"));
    }

    @Test
    void rolesComeFromTheNewestElectionNotTheDeclaration() throws Exception {
        // The election made client-1 the mixer although the scenario calls another node mixer-1.
        Map<String, JsonNode> elections = Map.of(
                "client-1", json("{\"number\":3,\"leader\":\"id-c2\",\"isLeader\":false,\"mixers\":[\"id-c1\"]}"),
                "client-2", json("{\"number\":3,\"leader\":\"id-c2\",\"isLeader\":true,\"mixers\":[\"id-c1\"]}"),
                "mixer-1", json("{\"number\":2,\"leader\":\"id-m1\",\"isLeader\":false,\"mixers\":[\"id-m1\"]}"));

        RoomRoles roles = RoomRoles.fromApi(NODES, rooms(), elections);

        assertThat(roles.mixers()).containsExactly("client-1");
        assertThat(roles.leaders()).containsExactly("client-2");
        assertThat(roles.election()).isEqualTo(3);
        assertThat(roles.describe())
                .containsExactly(
                        Map.entry("client-1", "mixer"),
                        Map.entry("client-2", "client+leader"),
                        Map.entry("mixer-1", "client"));
    }

    @Test
    void silentNodesAndNoElectionMeanNobodyMixes() throws Exception {
        RoomRoles roles = RoomRoles.fromApi(NODES, rooms(), Map.of());
        assertThat(roles).isEqualTo(RoomRoles.unknown(NODES));
        assertThat(RoomRoles.fromApi(NODES, Map.of(), Map.of("client-1", json("{\"number\":1,\"mixers\":[\"id-m1\"]}")))
                        .mixers())
                .as("ids no node answered for cannot be named")
                .isEmpty();
    }

    @Test
    void resolvesTargetsAgainstTheRunningRoom() {
        RoomRoles roles = new RoomRoles(NODES, Set.of("client-1"), Set.of("client-2"), 3);

        assertThat(TargetResolver.nodes(new Target.All(), roles)).isEqualTo(NODES);
        assertThat(TargetResolver.nodes(new Target.Nodes(List.of(), Set.of(Role.MIXER)), roles))
                .containsExactly("client-1");
        assertThat(TargetResolver.nodes(new Target.Nodes(List.of(), Set.of(Role.CLIENT)), roles))
                .containsExactly("client-2", "mixer-1");
        assertThat(TargetResolver.nodes(new Target.Nodes(List.of(), Set.of(Role.LEADER)), roles))
                .containsExactly("client-2");
        assertThat(TargetResolver.nodes(new Target.Nodes(List.of("mixer-1"), Set.of(Role.LEADER)), roles))
                .containsExactly("client-2", "mixer-1");
        assertThat(TargetResolver.nodes(new Target.Links(List.of(new Target.Link("client-1", "client-2"))), roles))
                .isEmpty();
        assertThat(TargetResolver.nodes(new Target.Nodes(List.of("nobody"), Set.of()), roles))
                .isEmpty();
    }

    @Test
    void packetFaultsOnARoleHitTheElectedNodes() {
        Scenario s = new ScenarioParser().parse("r.yaml", """
                name: r
                duration: 10s
                peers: [client-1, client-2]
                mixers: 1
                faults:
                  - {start: 0s, duration: 10s, target: mixer, delay: {time: 40ms}}
                """);
        RoomRoles roles = new RoomRoles(NODES, Set.of("client-1"), Set.of(), 1);

        FaultSchedule declared = new FaultSchedule(s);
        FaultSchedule elected = new FaultSchedule(roles.applyTo(s));

        FaultAction.Delay delay =
                new FaultAction.Delay(Duration.ofMillis(40), Duration.ZERO, 0, java.util.Optional.empty());
        assertThat(declared.activeOn("mixer-1", "client-2", Duration.ofSeconds(1), Set.of()))
                .containsExactly(delay);
        assertThat(elected.activeOn("mixer-1", "client-2", Duration.ofSeconds(1), Set.of()))
                .isEmpty();
        assertThat(elected.activeOn("client-1", "client-2", Duration.ofSeconds(1), Set.of()))
                .containsExactly(delay);
        assertThat(roles.applyTo(s).nodes()).extracting(p -> p.id()).containsExactly("client-1", "client-2", "mixer-1");
    }
}
