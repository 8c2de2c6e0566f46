package dev.starling.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.lab.Lab;
import dev.starling.chaos.scenario.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run asks the room's nodes over their HTTP APIs. The runner only knows scenario node
 * names, the nodes' APIs only their own ids; the probe learns the mapping whenever it reads the
 * roles, so the marker path can be looked up by id. Each read is one snapshot: the caller
 * (settling, {@link WindowRecorder}) decides what the differences between snapshots mean.
 */
final class RoomProbe {
    private final Lab lab;
    private final List<String> names;
    private final String from;
    private final String to;
    private final Map<String, String> idOf = new LinkedHashMap<>();

    /** @param path whose markers are timed where */
    RoomProbe(Lab lab, List<String> names, Target.Link path) {
        this.lab = lab;
        this.names = names;
        this.from = path.from();
        this.to = path.to();
    }

    Lab lab() {
        return lab;
    }

    /** The room's roles now; also learns the nodes' ids, which the marker pair is looked up by. */
    RoomRoles roles() {
        Map<String, JsonNode> rooms = new HashMap<>(), elections = new HashMap<>();
        for (int i = 1; i <= names.size(); i++) {
            if (!lab.isAlive(i)) continue;
            JsonNode room = lab.get(i, "/api/room");
            JsonNode election = lab.get(i, "/api/election");
            if (room != null) {
                rooms.put(names.get(i - 1), room);
                idOf.put(names.get(i - 1), room.path("self").path("id").asText());
            }
            if (election != null) elections.put(names.get(i - 1), election);
        }
        return RoomRoles.fromApi(names, rooms, elections);
    }

    /** The marker path's latency histogram at the receiver now (empty if it has none). */
    Map<Integer, Long> histogram() {
        JsonNode pair = markerPair();
        return pair == null
                ? Map.of()
                : LatencyDistribution.buckets(pair.path("audio").path("histogram"));
    }

    /** The receiver's {@code /api/latency} entry for the sender's markers; null while there is none. */
    JsonNode markerPair() {
        int receiver = names.indexOf(to) + 1;
        String fromId = idOf.get(from);
        if (fromId == null || !lab.isAlive(receiver)) return null;
        JsonNode latency = lab.get(receiver, "/api/latency");
        if (latency == null) return null;
        for (JsonNode p : latency.path("pairs")) {
            if (p.path("from").asText().equals(fromId)) return p;
        }
        return null;
    }

    /**
     * {packetsLost, concealedSamples} since {@code before} of the receiver's inbound audio on the
     * link that carries the sender's audio: from the sender in mesh, from the receiver's mixer
     * otherwise (a track nothing is sent on conceals all the time, so the sender's idle direct
     * track would count the whole window). The link is the one in force now.
     */
    long[] audioSince(Map<String, long[]> before) {
        Map<String, long[]> byPeer = inboundAudio();
        JsonNode pair = markerPair();
        String via =
                pair != null && pair.path("via").isTextual() ? pair.path("via").asText() : idOf.get(from);
        long[] now = byPeer.getOrDefault(via, new long[] {0, 0});
        long[] then = before.getOrDefault(via, new long[] {0, 0});
        return new long[] {Math.max(0, now[0] - then[0]), Math.max(0, now[1] - then[1])};
    }

    /** {packetsLost, concealedSamples} of each of the receiver's inbound audio links, by remote peer id. */
    Map<String, long[]> inboundAudio() {
        Map<String, long[]> byPeer = new HashMap<>();
        int receiver = names.indexOf(to) + 1;
        JsonNode metrics = lab.isAlive(receiver) ? lab.get(receiver, "/api/metrics") : null;
        if (metrics == null) return byPeer;
        JsonNode own = metrics.path("reports").path(metrics.path("self").asText());
        for (JsonNode link : own.path("links")) {
            if (link.path("direction").asText().equals("inbound")
                    && link.path("kind").asText().equals("audio")) {
                byPeer.put(link.path("remotePeer").asText(), new long[] {
                    link.path("packetsLost").asLong(),
                    link.path("concealedSamples").asLong()
                });
            }
        }
        return byPeer;
    }

    /** Whether every node is alive and sees the whole room (false while a restart is under way). */
    boolean wholeRoom() {
        for (int i = 1; i <= names.size(); i++) {
            if (!lab.isAlive(i)) return false;
            JsonNode room = lab.get(i, "/api/room");
            if (room == null || room.path("members").size() != names.size()) return false;
        }
        return true;
    }

    /** Elections adopted after {@code since}, from any live node's history (the leader's preferred). */
    List<String> electionsAfter(long since, RoomRoles roles) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= names.size(); i++) {
            if (!lab.isAlive(i)) continue;
            if (!roles.leaders().isEmpty() && !roles.leaders().contains(names.get(i - 1))) continue;
            JsonNode e = lab.get(i, "/api/election");
            if (e == null) continue;
            for (JsonNode h : e.path("history")) {
                if (h.path("number").asLong() > since) {
                    out.add("#" + h.path("number").asLong() + " "
                            + h.path("trigger").asText("?") + " -> "
                            + h.path("mixers").size() + " mixers");
                }
            }
            break;
        }
        return out;
    }

    /** The lab report's hop count for the marker path, when the lab provides one. */
    Integer hops(int seconds) {
        ObjectNode report = lab.report(seconds);
        String fromId = idOf.get(from), toId = idOf.get(to);
        for (JsonNode p : report.path("pairs")) {
            if (p.path("from").asText().equals(fromId) && p.path("to").asText().equals(toId) && p.has("hops")) {
                JsonNode h = p.path("hops");
                return h.isNumber() ? h.asInt() : h.isArray() ? h.size() : null;
            }
        }
        return null;
    }
}
