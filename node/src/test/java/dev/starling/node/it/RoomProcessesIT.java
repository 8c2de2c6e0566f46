package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.node.testing.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nodes as separate OS processes on 127.0.0.x: membership, chat, leader failover after
 * kill -9, chat catch-up after restart, and a wrong-password node refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomProcessesIT {
    private static final String ROOM = "it-room";
    private static final String PASSWORD = "correct horse battery staple";
    private static final int ROOM_PORT = 17_900;
    private static final int HTTP_PORT = 18_900;

    @TempDir
    static Path workDir;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private NodeProcess leader;
    private String leaderId;

    private NodeProcess node(int index) {
        return new NodeProcess("node" + index, "127.0.0." + (70 + index), ROOM_PORT, HTTP_PORT, workDir);
    }

    @BeforeAll
    void startRoom() throws Exception {
        leader = node(1).start(ROOM, PASSWORD, List.of());
        nodes.add(leader);
        awaitMembers(List.of(leader), 1, Duration.ofSeconds(60));
        for (int i = 2; i <= 4; i++) {
            nodes.add(node(i).start(ROOM, PASSWORD, List.of(leader)));
        }
    }

    @AfterAll
    void stopRoom() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Order(1)
    void allNodesSeeTheSameMembersAndLeader() throws Exception {
        awaitMembers(nodes, 4, Duration.ofSeconds(90));
        leaderId = leader.peerId();
        Set<String> expected = new HashSet<>();
        for (NodeProcess node : nodes) {
            expected.add(node.peerId());
        }
        for (NodeProcess node : nodes) {
            JsonNode room = node.get("/api/room");
            assertThat(room.path("leader").asText()).as(node.name + " leader").isEqualTo(leaderId);
            Set<String> members = new HashSet<>();
            room.path("members").forEach(m -> members.add(m.path("id").asText()));
            assertThat(members).as(node.name + " members").isEqualTo(expected);
            assertThat(room.path("room").asText()).isEqualTo(ROOM);
        }
        // Names arrive with hellos, shortly after the view.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (NodeProcess node : nodes) {
                Set<String> names = new HashSet<>();
                node.get("/api/room")
                        .path("members")
                        .forEach(m -> names.add(m.path("name").asText()));
                assertThat(names).containsExactlyInAnyOrder("node1", "node2", "node3", "node4");
            }
        });
    }

    @Test
    @Order(2)
    void chatReachesEveryOtherNodeWithinOneSecond() throws Exception {
        NodeProcess author = nodes.get(1);
        String text = "hello from " + author.name;
        assertThat(author.post("/api/chat", "{\"text\": \"" + text + "\"}").statusCode())
                .isEqualTo(201);
        for (NodeProcess node : nodes) {
            if (node == author) {
                continue;
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> findLine(node, text) != null);
            JsonNode line = findLine(node, text);
            long latencyMicros = line.path("receivedAtMicros").asLong()
                    - line.path("sentAtMicros").asLong();
            assertThat(latencyMicros)
                    .as("one-way chat latency to " + node.name + " (µs)")
                    .isBetween(0L, 1_000_000L);
            assertThat(line.path("authorName").asText()).isEqualTo(author.name);
        }
    }

    @Test
    @Order(3)
    void killingTheLeaderElectsANewOneWithinThreeSeconds() throws Exception {
        List<NodeProcess> survivors = nodes.subList(1, nodes.size());
        leader.kill();
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> survivors.stream().allMatch(node -> {
                    JsonNode room = node.roomOrNull();
                    return room != null
                            && !room.path("leader").asText().equals(leaderId)
                            && room.path("members").size() == 3;
                }));
        long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertThat(failoverMillis).as("leader failover (ms)").isLessThan(3_000);

        String newLeader = survivors.get(0).get("/api/room").path("leader").asText();
        for (NodeProcess node : survivors) {
            assertThat(node.get("/api/room").path("leader").asText()).isEqualTo(newLeader);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode events = survivors.get(0).get("/api/events");
            assertThat(events.findValuesAsText("type")).contains("crash");
            boolean crashLogged = false;
            for (JsonNode event : events) {
                if (event.path("type").asText().equals("crash")
                        && event.path("peer").asText().equals(leaderId)) {
                    crashLogged = event.path("durationMillis").asLong() > 0
                            && event.path("name").asText().equals("node1");
                }
            }
            assertThat(crashLogged)
                    .as("crash of node1 with its duration in the session log")
                    .isTrue();
        });
    }

    @Test
    @Order(4)
    void restartedNodeReceivesTheChatItMissed() throws Exception {
        String missed = "sent while node1 was down";
        assertThat(nodes.get(2)
                        .post("/api/chat", "{\"text\": \"" + missed + "\"}")
                        .statusCode())
                .isEqualTo(201);

        NodeProcess restarted = node(1).start(ROOM, PASSWORD, List.of(nodes.get(1), nodes.get(2)));
        nodes.set(0, restarted);
        await().atMost(Duration.ofSeconds(60)).until(() -> findLine(restarted, missed) != null);
        assertThat(restarted.peerId()).as("same data dir, same identity").isEqualTo(leaderId);
        assertThat(findLine(restarted, "hello from node2"))
                .as("history from before the crash")
                .isNotNull();
        awaitMembers(nodes, 4, Duration.ofSeconds(30));
    }

    @Test
    @Order(5)
    void wrongPasswordNodeIsRefusedAndNeverHeard() throws Exception {
        NodeProcess intruder = node(5).start(ROOM, "wrong password", List.of(nodes.get(1)));
        boolean exited = intruder.process().waitFor(60, TimeUnit.SECONDS);
        assertThat(exited).as("intruder exits instead of forming its own room").isTrue();
        assertThat(intruder.process().exitValue()).isEqualTo(3);
        assertThat(intruder.logText()).contains("wrong password for this room");

        for (NodeProcess node : nodes) {
            JsonNode room = node.get("/api/room");
            assertThat(room.path("members").size()).isEqualTo(4);
            assertThat(room.toString()).doesNotContain("node5");
            assertThat(node.get("/api/events").toString()).doesNotContain("node5");
            assertThat(node.get("/api/chat").toString()).doesNotContain("node5");
        }
    }

    private static JsonNode findLine(NodeProcess node, String text) {
        try {
            for (JsonNode line : node.get("/api/chat")) {
                if (line.path("text").asText().equals(text)) {
                    return line;
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private static void awaitMembers(List<NodeProcess> group, int count, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> group.stream().allMatch(node -> {
                    JsonNode room = node.roomOrNull();
                    return room != null && room.path("members").size() == count;
                }));
    }
}
