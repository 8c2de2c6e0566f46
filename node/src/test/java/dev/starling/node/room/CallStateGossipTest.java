package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.DeviceState;
import dev.starling.protocol.WireVersion;
import dev.starling.protocol.v1.CallStateUpdate;
import dev.starling.protocol.v1.Envelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Call states travel between real nodes, reach late joiners, and nobody can set another member's. */
class CallStateGossipTest {
    private static final String ROOM = "call-states";
    private static final String PASSWORD = "pw-call-states";
    private static final CallState MUTED = new CallState(DeviceState.OFF, DeviceState.ON, DeviceState.NONE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aPublishedStateReachesALateJoinerAndAForgedOneForAnotherMemberIsDropped() throws Exception {
        try (StarlingNode alice = StarlingNode.start(config("alice", 17_881, 17_881))) {
            alice.callStates().publish(MUTED);
            try (StarlingNode bob = StarlingNode.start(config("bob", 17_882, 17_881))) {
                await().atMost(Duration.ofSeconds(20))
                        .alias("alice re-announces her state to bob, who joined after she published it")
                        .until(() -> bob.callStates().of(alice.peerId()).equals(MUTED));
                JsonNode aliceAtBob = memberAt(bob, alice.peerId());
                assertThat(aliceAtBob.path("audio").asText()).isEqualTo("off");
                assertThat(aliceAtBob.path("video").asText()).isEqualTo("on");
                assertThat(aliceAtBob.path("screen").asText()).isEqualTo("none");
                JsonNode bobAtBob = memberAt(bob, bob.peerId());
                assertThat(bobAtBob.path("audio").asText()).as("--media none").isEqualTo("none");
                assertThat(bobAtBob.path("name").asText()).isEqualTo("bob");
                await().atMost(Duration.ofSeconds(10))
                        .alias("bob's topology view shows alice's muted microphone")
                        .ignoreExceptions() // until alice is in bob's topology at all
                        .until(() -> topologyNode(bob, alice.peerId())
                                .path("audio")
                                .asText()
                                .equals("off"));

                String malloryId;
                try (HostileMember mallory = HostileMember.join(ROOM, PASSWORD, 17_883, 17_881)) {
                    await().atMost(Duration.ofSeconds(20))
                            .until(() ->
                                    bob.room().membership().snapshot().members().size() == 3);
                    malloryId = mallory.peerId();
                    long spoofedBefore = bob.room().spoofedCount();

                    // Signed by mallory, claiming alice sent it: a screen alice never shared.
                    mallory.send(
                            envelope(alice.peerId(), new CallState(DeviceState.ON, DeviceState.ON, DeviceState.ON)));
                    // Then mallory's own state; a member's messages arrive in order, so once this is
                    // applied the forgery has been judged.
                    mallory.send(envelope(mallory.peerId(), MUTED));

                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> bob.callStates().of(mallory.peerId()).equals(MUTED));
                    assertThat(bob.callStates().of(alice.peerId())).isEqualTo(MUTED);
                    assertThat(memberAt(bob, alice.peerId()).path("screen").asText())
                            .isEqualTo("none");
                    assertThat(bob.room().spoofedCount()).isEqualTo(spoofedBefore + 1);
                }
                await().atMost(Duration.ofSeconds(20))
                        .alias("a member that leaves is forgotten")
                        .until(() ->
                                bob.room().membership().snapshot().members().size() == 2);
                assertThat(bob.callStates().of(malloryId)).isEqualTo(CallState.NONE);
            }
        }
    }

    private NodeConfig config(String name, int port, int bootstrap) {
        return new NodeConfig(
                ROOM,
                PASSWORD.toCharArray(),
                name,
                new HostPort("127.0.0.1", port),
                List.of(new HostPort("127.0.0.1", bootstrap)),
                Optional.empty(),
                new HostPort("127.0.0.1", 0),
                dir.resolve(name),
                "none");
    }

    private static Envelope.Builder envelope(String sender, CallState state) {
        return Envelope.newBuilder()
                .setVersion(WireVersion.CURRENT)
                .setSender(sender)
                .setMessageId(1)
                .setSentAtMicros(1)
                .setCallState(CallStateUpdate.newBuilder()
                        .setAudio(device(state.audio()))
                        .setVideo(device(state.video()))
                        .setScreen(device(state.screen()))
                        .setSequence(Long.MAX_VALUE));
    }

    private static CallStateUpdate.Device device(DeviceState state) {
        return CallStateUpdate.Device.valueOf("DEVICE_" + state.name());
    }

    private static JsonNode memberAt(StarlingNode node, String peerId) throws Exception {
        return withId(get(node, "/api/room").path("members"), peerId);
    }

    private static JsonNode topologyNode(StarlingNode node, String peerId) throws Exception {
        return withId(get(node, "/api/topology?format=json").path("nodes"), peerId);
    }

    private static JsonNode get(StarlingNode node, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode withId(JsonNode list, String peerId) {
        for (JsonNode item : list) {
            if (item.path("id").asText().equals(peerId)) {
                return item;
            }
        }
        throw new AssertionError(peerId + " is not in " + list);
    }
}
