package dev.starling.chaos.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.lab.PeerProfile;
import java.util.List;

/** A room of 2 desktops and 4 phones, and lab reports in the shape `starling lab --json` prints. */
final class StudyFixtures {
    static final PeerProfile DESKTOP = new PeerProfile("desktop-fibre", 1.0, 50_000, 200_000, 5, 0, 0);
    static final PeerProfile PHONE = new PeerProfile("phone-3g", 0.25, 700, 2_000, 80, 20, 1);
    static final PeerClasses ROOM = new PeerClasses(List.of(DESKTOP, DESKTOP, PHONE, PHONE, PHONE, PHONE));

    private static final ObjectMapper JSON = new ObjectMapper();

    private StudyFixtures() {}

    /**
     * A 20 s report where every pair into a phone hears at {@code phoneAudioMs} and phones receive
     * 12 fps on every link, desktops 40 ms and 15 fps; node K's id is "idK"; {@code mixers} named by number.
     */
    static ObjectNode report(double phoneAudioMs, List<Integer> mixers, List<Integer> ranking) {
        ObjectNode report = JSON.createObjectNode();
        report.putObject("lab").put("seconds", 20);
        ArrayNode nodes = report.putArray("nodes");
        ObjectNode election = report.putObject("election");
        for (int k = 1; k <= 6; k++) {
            ObjectNode node = nodes.addObject()
                    .put("id", "id" + k)
                    .put("name", "peer" + k + "-" + ROOM.classOf(k))
                    .put("cpu_pct", k <= 2 ? 60 : 25)
                    .put("up_kbps", k <= 2 ? 2000 : 300)
                    .put("role", mixers.isEmpty() ? "mesh" : mixers.contains(k) ? "mixer" : "client");
            if (!mixers.isEmpty() && !mixers.contains(k)) {
                // Clients alternate between the mixers.
                election.with("assignment").put("id" + k, "id" + mixers.get(k % mixers.size()));
            }
            // Phones see 12 fps on every link, desktops 15; a link that carries nothing here shows 1.
            ObjectNode fps = node.putObject("received_fps");
            for (int from = 1; from <= 6; from++) {
                if (from != k) {
                    fps.put("id" + from, k > 2 ? 12.0 : 15.0);
                }
            }
        }
        ArrayNode pairs = report.putArray("pairs");
        for (int from = 1; from <= 6; from++) {
            for (int to = 1; to <= 6; to++) {
                if (from == to) {
                    continue;
                }
                boolean phone = to > 2;
                ObjectNode pair = pairs.addObject().put("from", "id" + from).put("to", "id" + to);
                pair.putObject("audio")
                        .put("p50_ms", phone ? phoneAudioMs : 40)
                        .put("p95_ms", phone ? phoneAudioMs * 2 : 80)
                        .put("samples", 10);
                pair.putObject("video").put("p50_ms", 90).put("p95_ms", 150).put("frames", phone ? 240 : 300);
            }
        }
        mixers.forEach(k -> election.withArray("mixers").add("id" + k));
        ranking.forEach(k ->
                election.withArray("scores").addObject().put("peer", "id" + k).put("total", 10.0 - k));
        return report;
    }
}
