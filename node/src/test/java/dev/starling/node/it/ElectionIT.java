package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Four real nodes in namespaces with {@code --mixers 2}: every node adopts the same mixers and
 * assignment, {@code /api/room} shows the roles, and a mixer killed with SIGKILL is replaced by a
 * new election that excludes it. The nodes run without media, so the election scores the room
 * probe alone; durations are printed, not asserted (two shared cores make them noisy).
 */
class ElectionIT {
    private static final int PEERS = 4;
    private static final int MIXERS = 2;
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void everyNodeAgreesAndAKilledMixerIsReplaced() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the lab needs root to create network namespaces");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Lab lab = new Lab(
                runner,
                PEERS,
                "none",
                List.of("--mixers", Integer.toString(MIXERS)),
                new PrintStream(progress, true))) {
            lab.start();
            assertThat(lab.awaitRoom(Duration.ofSeconds(120)))
                    .as(lab.logTails(20))
                    .isTrue();
            assertThat(lab.awaitElection(MIXERS, Duration.ofSeconds(90)))
                    .as(lab.logTails(30))
                    .isTrue();

            Map<Integer, String> ids = new LinkedHashMap<>();
            for (int i = 1; i <= PEERS; i++) {
                ids.put(i, lab.get(i, "/api/room").path("self").path("id").asText());
            }
            JsonNode first = agreed(lab, ids.keySet());
            List<String> mixers = texts(first.path("mixers"));
            assertThat(mixers).hasSize(MIXERS);
            assertThat(first.path("assignment").size()).isEqualTo(PEERS - MIXERS);
            assertRolesShown(lab, ids.keySet(), mixers);
            System.out.printf(
                    "ElectionIT: election %d (%s) with %d peers: mixers %s; %s%n",
                    first.path("number").asLong(),
                    first.path("policy").asText(),
                    PEERS,
                    mixers,
                    duration(lab, ids.keySet(), first.path("number").asLong()));

            String victim = mixers.get(mixers.size() - 1);
            int victimIndex = ids.entrySet().stream()
                    .filter(e -> e.getValue().equals(victim))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            long killedAt = System.currentTimeMillis();
            lab.killNode(victimIndex);
            List<Integer> alive = new ArrayList<>(ids.keySet());
            alive.remove(Integer.valueOf(victimIndex));

            assertThat(lab.awaitElection(MIXERS, first.path("number").asLong(), Duration.ofSeconds(60)))
                    .as(lab.logTails(30))
                    .isTrue();
            JsonNode second = agreed(lab, alive);
            assertThat(second.path("number").asLong())
                    .isGreaterThan(first.path("number").asLong());
            assertThat(texts(second.path("mixers"))).hasSize(MIXERS).doesNotContain(victim);
            assertThat(second.path("assignment").toString()).doesNotContain(victim);
            JsonNode last = lastRecord(lab.get(alive.get(0), "/api/election"));
            assertThat(last.path("trigger").asText()).isIn("mixer-left", "leader-lost");
            assertRolesShown(lab, alive, texts(second.path("mixers")));
            long adoptedEverywhere = 0;
            for (int i : alive) {
                adoptedEverywhere = Math.max(
                        adoptedEverywhere,
                        lastRecord(lab.get(i, "/api/election"))
                                .path("finishedAtMillis")
                                .asLong());
            }
            System.out.printf(
                    "ElectionIT: after kill -9 of mixer %s: election %d (trigger %s), mixers %s; "
                            + "kill -> result at all nodes %d ms; %s%n",
                    victim,
                    second.path("number").asLong(),
                    last.path("trigger").asText(),
                    texts(second.path("mixers")),
                    adoptedEverywhere - killedAt,
                    duration(lab, alive, second.path("number").asLong()));
        }
    }

    /** Every listed node reports the same number, mixers and assignment; returns one of them. */
    private static JsonNode agreed(Lab lab, Iterable<Integer> nodes) {
        JsonNode reference = null;
        for (int i : nodes) {
            JsonNode e = lab.get(i, "/api/election");
            assertThat(e).as("node %d answers", i).isNotNull();
            if (reference == null) {
                reference = e;
                continue;
            }
            assertThat(e.path("number")).as("number at node %d", i).isEqualTo(reference.path("number"));
            assertThat(e.path("mixers")).as("mixers at node %d", i).isEqualTo(reference.path("mixers"));
            assertThat(e.path("assignment")).as("assignment at node %d", i).isEqualTo(reference.path("assignment"));
        }
        return reference;
    }

    private static void assertRolesShown(Lab lab, Iterable<Integer> nodes, List<String> mixers) {
        for (int i : nodes) {
            for (JsonNode m : lab.get(i, "/api/room").path("members")) {
                String expected = mixers.contains(m.path("id").asText()) ? "mixer" : "client";
                assertThat(m.path("role").asText())
                        .as("role of %s at node %d", m.path("id").asText(), i)
                        .isEqualTo(expected);
            }
        }
    }

    /** Start at the leader to adoption at the last node (same host, so one clock). */
    private static String duration(Lab lab, Iterable<Integer> nodes, long number) {
        long started = Long.MAX_VALUE;
        long finished = 0;
        for (int i : nodes) {
            for (JsonNode r : lab.get(i, "/api/election").path("history")) {
                if (r.path("number").asLong() == number) {
                    if (r.hasNonNull("startedAtMillis")) {
                        started = Math.min(started, r.path("startedAtMillis").asLong());
                    }
                    finished = Math.max(finished, r.path("finishedAtMillis").asLong());
                }
            }
        }
        return started == Long.MAX_VALUE
                ? "start not seen"
                : "start -> result at all nodes " + (finished - started) + " ms";
    }

    private static JsonNode lastRecord(JsonNode election) {
        JsonNode history = election.path("history");
        return history.get(history.size() - 1);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
