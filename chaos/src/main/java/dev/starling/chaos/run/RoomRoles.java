package dev.starling.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.chaos.scenario.MixerSpec;
import dev.starling.chaos.scenario.Peer;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is what in the running room, by scenario node name: the mixers of the adopted election and
 * the leader, as the nodes' own {@code /api/election} and {@code /api/room} report them. A scenario
 * declares mixer nodes, but the election decides who actually mixes, so role targets resolve
 * against this, not against the declaration.
 *
 * @param nodes every node name in scenario order
 * @param mixers names of the elected mixers
 * @param leaders names of the room leader (one, or none while unknown)
 * @param election the adopted election's number, 0 if none
 */
public record RoomRoles(List<String> nodes, Set<String> mixers, Set<String> leaders, long election) {

    public RoomRoles {
        nodes = List.copyOf(nodes);
        mixers = Set.copyOf(mixers);
        leaders = Set.copyOf(leaders);
    }

    /** Before any node answered: nobody mixes, nobody leads. */
    public static RoomRoles unknown(List<String> nodes) {
        return new RoomRoles(nodes, Set.of(), Set.of(), 0);
    }

    /**
     * Reads the roles from what the nodes answered.
     *
     * @param rooms per node name its {@code /api/room} (null if it did not answer)
     * @param elections per node name its {@code /api/election} (null if it did not answer)
     */
    public static RoomRoles fromApi(List<String> nodes, Map<String, JsonNode> rooms, Map<String, JsonNode> elections) {
        Map<String, String> nameOfId = new LinkedHashMap<>();
        for (String name : nodes) {
            JsonNode room = rooms.get(name);
            if (room != null && room.path("self").hasNonNull("id"))
                nameOfId.put(room.path("self").path("id").asText(), name);
        }
        // The newest election any node adopted; the leader's own view wins a tie (it opened it).
        JsonNode best = null;
        for (String name : nodes) {
            JsonNode e = elections.get(name);
            if (e == null || !e.has("number")) continue;
            if (best == null
                    || e.path("number").asLong() > best.path("number").asLong()
                    || (e.path("number").asLong() == best.path("number").asLong()
                            && e.path("isLeader").asBoolean())) {
                best = e;
            }
        }
        if (best == null) return unknown(nodes);
        Set<String> mixers = new LinkedHashSet<>();
        for (JsonNode id : best.path("mixers")) {
            String name = nameOfId.get(id.asText());
            if (name != null) mixers.add(name);
        }
        Set<String> leaders = new LinkedHashSet<>();
        String leader = nameOfId.get(best.path("leader").asText());
        if (leader != null) leaders.add(leader);
        return new RoomRoles(nodes, mixers, leaders, best.path("number").asLong());
    }

    public Role roleOf(String node) {
        return mixers.contains(node) ? Role.MIXER : Role.CLIENT;
    }

    /** Every node's role for reports: mixer or client, plus "+leader". */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : nodes) out.put(n, roleOf(n).yamlName() + (leaders.contains(n) ? "+leader" : ""));
        return out;
    }

    /**
     * The scenario with the elected roles in place of the declared ones, so the packet-fault
     * schedule's role targets ({@code target: mixer}) hit the nodes that really mix.
     */
    public Scenario applyTo(Scenario scenario) {
        List<Peer> peers = new ArrayList<>();
        for (Peer p : scenario.nodes()) peers.add(new Peer(p.id(), roleOf(p.id())));
        return new Scenario(
                scenario.name(),
                scenario.description(),
                scenario.seed(),
                scenario.duration(),
                peers,
                MixerSpec.none(),
                scenario.media(),
                scenario.measures(),
                scenario.markerPath(),
                scenario.faults());
    }
}
