package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.starling.node.api.ApiToken;
import dev.starling.node.chat.ChatSignatures;
import dev.starling.node.testing.NodeProcess;
import dev.starling.protocol.v1.ChatMessage;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileManifest;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jgroups.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room's security promise tried as an attacker would: the victim is a node in a process of
 * its own, the attacks come from this JVM over real sockets on loopback, and every verdict is
 * read from the victim's own API. Each attack is refused; the victim stays up, its data intact
 * and its memory and threads bounded.
 */
class HostileRoomIT {
    private static final String ROOM = "hostile-room";
    private static final String PASSWORD = "hostile room password";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private NodeProcess victim(int suffix) throws Exception {
        NodeProcess victim =
                new NodeProcess("victim", "127.0.0." + suffix, 17_861, 18_861, dir).start(ROOM, PASSWORD, List.of());
        open.add(victim);
        await().atMost(Duration.ofSeconds(60)).until(() -> victim.roomOrNull() != null);
        return victim;
    }

    private HostileMember member(NodeProcess victim, int port, FrameForgeryTest.Tap tap) throws Exception {
        HostileMember member = HostileMember.join(ROOM, PASSWORD, port, 17_861, tap, victim.host);
        open.add(member);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> victim.get("/api/room").path("members").size() == 2);
        return member;
    }

    @Test
    void aForgedLeaveAndReplayedFramesFromThePathAreDropped() throws Exception {
        NodeProcess victim = victim(101);
        FrameForgeryTest.Tap tap = new FrameForgeryTest.Tap();
        HostileMember member = member(victim, 17_862, tap);
        Message leave = member.forgedLeave(ROOM, PASSWORD);
        for (int i = 0; i < 20; i++) {
            tap.inject(leave.copy(true, true));
            Thread.sleep(100);
        }
        tap.recording = true;
        member.send(chat(member, 1, "said once"));
        tap.recording = false;
        await().atMost(Duration.ofSeconds(10))
                .until(() -> victim.get("/api/chat").size() == 1);
        for (Message frame : tap.recorded) {
            tap.inject(frame.copy(true, true));
        }

        // Forged and replayed frames are dropped below the room; how many reached the seal by now
        // varies with the victim's load, so the verdicts are the room and the chat as it sees them.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> health(victim).path("refusedFrames").asLong() >= 1);
        Thread.sleep(2_000);
        assertThat(victim.get("/api/room").path("members").size())
                .as("the member was not removed")
                .isEqualTo(2);
        assertThat(victim.get("/api/chat").size())
                .as("the replayed line counts once")
                .isEqualTo(1);
        assertThat(victim.isAlive()).isTrue();
    }

    @Test
    void aMemberCannotSpeakOrWriteHistoryAsAnother() throws Exception {
        NodeProcess victim = victim(102);
        HostileMember member = member(victim, 17_863, null);
        String victimId = victim.peerId();
        String me = member.peerId();
        member.send(envelope(victimId).setChat(line(member, victimId, 1, "spoofed sender")));
        member.send(envelope(me).setChat(line(member, victimId, 2, "forged author")));
        member.send(envelope(me)
                .setChatHistory(dev.starling.protocol.v1.ChatHistory.newBuilder()
                        .addMessages(line(member, victimId, 3, "forged history"))));
        member.sendUnsigned(
                envelope(me).setChat(line(member, me, 1, "unsigned")).build().toByteArray());
        member.send(chat(member, 2, "a fair line"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> victim.get("/api/chat").size() == 1);
        Thread.sleep(1_000);
        JsonNode health = health(victim);
        assertThat(victim.get("/api/chat").get(0).path("text").asText()).isEqualTo("a fair line");
        assertThat(health.path("spoofedEnvelopes").asLong()).isEqualTo(1);
        assertThat(health.path("forgedEnvelopes").asLong()).isEqualTo(1);
        assertThat(health.path("forgedChatLines").asLong()).isEqualTo(2);
        List<String> stored = Files.readAllLines(victim.dataDir
                .resolve("rooms")
                .resolve(RoomSecrets.directoryFor(ROOM))
                .resolve("chat.jsonl"));
        assertThat(stored).hasSize(1).allMatch(l -> l.contains("a fair line"));
    }

    @Test
    void aManifestFloodStaysWithinItsBudget() throws Exception {
        NodeProcess victim = victim(103);
        HostileMember member = member(victim, 17_864, null);
        for (int i = 0; i < 1_500; i++) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("fake " + i).getBytes());
            member.send(envelope(member.peerId())
                    .setFileManifest(FileManifest.newBuilder()
                            .setSha256(HexFormat.of().formatHex(hash))
                            .setName("fake-" + i + ".bin")
                            .setSize(1)
                            .setChunkSize(64 * 1024)
                            .addChunkSha256(ByteString.copyFrom(hash))
                            .setOwner(member.peerId())));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> victim.get("/api/files").path("files").size() >= 1_000);
        Thread.sleep(2_000);
        assertThat(victim.get("/api/files").path("files").size()).isEqualTo(1_000);
        assertThat(victim.isAlive()).isTrue();
    }

    @Test
    void strangersOnTheRoomPortDoNotKeepAJoinerOutOrCostThreads() throws Exception {
        NodeProcess victim = victim(104);
        long threadsBefore = status(victim, "Threads:");
        List<Socket> strangers = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                strangers.add(connect(victim));
            }
            NodeProcess joiner = new NodeProcess("joiner", "127.0.0.105", 17_865, 18_865, dir)
                    .start(ROOM, PASSWORD, List.of(victim));
            open.add(joiner);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode room = joiner.roomOrNull();
                return room != null && room.path("members").size() == 2;
            });
            assertThat(joiner.get("/api/room").path("leader").asText()).isEqualTo(victim.peerId());
            assertThat(status(victim, "Threads:") - threadsBefore)
                    .as("threads for 500 idle connections")
                    .isLessThan(40);
            assertThat(status(victim, "VmRSS:")).as("RSS, kB").isLessThan(400_000);
        } finally {
            for (Socket s : strangers) {
                s.close();
            }
        }
    }

    @Test
    void aForeignPageAndAnOversizedBodyAreRefused() throws Exception {
        NodeProcess victim = victim(106);
        String base = "http://" + victim.host + ":" + victim.httpPort;
        HttpResponse<String> foreign = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                        .header("Content-Type", "text/plain")
                        .header("Origin", "http://evil.example")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"from evil\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/files?name=x.bin"))
                                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("a share without the token")
                .isEqualTo(403);
        long rssBefore = status(victim, "VmRSS:");
        HttpResponse<String> chunked = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                        .header(ApiToken.HEADER, ApiToken.read(victim.dataDir))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(new byte[15 << 20])))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(status(victim, "VmRSS:") - rssBefore).as("RSS growth, kB").isLessThan(50_000);
        assertThat(victim.get("/api/chat").size()).isZero();
    }

    /** One more idle connection; a full accept backlog refuses for a moment, so it tries again. */
    private static Socket connect(NodeProcess node) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Socket(node.host, node.roomPort);
            } catch (java.net.ConnectException refused) {
                if (attempt == 20) {
                    throw refused;
                }
                Thread.sleep(50);
            }
        }
    }

    private static long status(NodeProcess node, String field) throws Exception {
        for (String line : Files.readAllLines(
                Path.of("/proc", String.valueOf(node.process().pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field);
    }

    private static JsonNode health(NodeProcess node) throws Exception {
        return node.get("/api/health");
    }

    private static Envelope.Builder envelope(String sender) {
        return Envelope.newBuilder()
                .setVersion(1)
                .setSender(sender)
                .setMessageId(1)
                .setSentAtMicros(1);
    }

    private static ChatMessage line(HostileMember signer, String author, long sequence, String text) {
        return ChatSignatures.sign(
                ChatMessage.newBuilder()
                        .setAuthor(author)
                        .setSequence(sequence)
                        .setText(text)
                        .setLamport(sequence)
                        .build(),
                signer.signer);
    }

    private static Envelope.Builder chat(HostileMember member, long sequence, String text) {
        return envelope(member.peerId()).setChat(line(member, member.peerId(), sequence, text));
    }
}
