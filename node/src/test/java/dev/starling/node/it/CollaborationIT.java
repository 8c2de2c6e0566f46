package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.api.ApiToken;
import dev.starling.node.testing.NodeProcess;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collaboration with nodes as OS processes on 127.0.0.91-95: Automerge notes converging after
 * concurrent edits, a real 2|2 partition (every node drops the other side's traffic right above
 * the transport, {@code -Dstarling.test.faults=true}) and a node killed with unsynced edits; then
 * a 50 MB file fetched by every node, from 1 and 3 sources, with the owner killed mid-transfer,
 * a peer serving corrupt chunks ({@code -Dstarling.test.corruptChunks=true}) and a downloader
 * killed and restarted. Figures go to stdout (see README, "Collaboration").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollaborationIT {
    private static final String ROOM = "collab-it";
    private static final String PASSWORD = "collaboration is a shared secret";
    private static final int ROOM_PORT = 17_960;
    private static final int HTTP_PORT = 18_960;
    private static final int FILE_MB = Integer.getInteger("collab.it.fileMb", 50);
    private static final Duration VIEW_WAIT = Duration.ofSeconds(60);
    /** Four JVMs starting at once on a loaded 2-core machine need more than a minute to form a room. */
    private static final Duration START_WAIT = Duration.ofSeconds(150);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path workDir;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private NodeProcess liar;
    private Path file;
    private String hash;

    private NodeProcess node(int index) {
        return new NodeProcess("collab" + index, "127.0.0." + (90 + index), ROOM_PORT, HTTP_PORT, workDir)
                .withJvmArgs("-Dstarling.test.faults=true");
    }

    @BeforeAll
    void startRoom() throws Exception {
        try {
            formRoom();
        } catch (Throwable e) {
            for (NodeProcess node : nodes) {
                String text = node.logText();
                System.out.println("---- " + node.name + " (alive " + node.isAlive() + ") log tail:\n"
                        + text.substring(Math.max(0, text.length() - 4000)));
            }
            throw e;
        }
    }

    private void formRoom() throws Exception {
        NodeProcess first = node(1).start(ROOM, PASSWORD, List.of());
        nodes.add(first);
        awaitMembers(List.of(first), 1, START_WAIT);
        for (int i = 2; i <= 4; i++) {
            nodes.add(node(i).start(ROOM, PASSWORD, List.of(first)));
        }
        awaitMembers(nodes, 4, START_WAIT);
        for (NodeProcess node : nodes) {
            ids.add(node.peerId());
        }
    }

    @AfterAll
    void stopRoom() {
        nodes.forEach(NodeProcess::close);
        if (liar != null) {
            liar.close();
        }
    }

    // ---------------------------------------------------------------- notes

    @Test
    @Order(1)
    void concurrentEditsOnAllNodesConverge() throws Exception {
        List<Thread> writers = new ArrayList<>();
        for (NodeProcess node : nodes) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        ok(node.post(
                                "/api/notes/note/splice",
                                "{\"index\": 0, \"insert\": \"" + node.name + "." + i + " \"}"));
                        ok(node.post("/api/notes/todo/add", "{\"text\": \"" + node.name + " task " + i + "\"}"));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join(60_000);
        }
        JsonNode[] agreed = awaitSameNotes(nodes, Duration.ofSeconds(30));
        String text = agreed[0].path("text").asText();
        for (NodeProcess node : nodes) {
            for (int i = 0; i < 5; i++) {
                assertThat(text).contains(node.name + "." + i + " ");
            }
        }
        assertThat(agreed[1].path("items")).hasSize(20);
    }

    @Test
    @Order(2)
    void aTwoTwoPartitionWithEditsOnBothSidesConvergesAfterHealing() throws Exception {
        List<NodeProcess> left = nodes.subList(0, 2);
        List<NodeProcess> right = nodes.subList(2, 4);
        String itemId = nodes.get(0)
                .get("/api/notes/todo")
                .path("items")
                .get(0)
                .path("id")
                .asText();
        block(left, right);
        block(right, left);
        awaitMembers(left, 2);
        awaitMembers(right, 2);

        ok(left.get(0).post("/api/notes/note/splice", "{\"index\": 0, \"insert\": \"LEFT \"}"));
        ok(left.get(1).post("/api/notes/todo/toggle", "{\"id\": \"" + itemId + "\"}"));
        ok(right.get(0).post("/api/notes/note/splice", "{\"index\": 0, \"insert\": \"RIGHT \"}"));
        ok(right.get(1).post("/api/notes/todo/add", "{\"text\": \"added on the right\", \"position\": 0}"));
        ok(right.get(1)
                .post("/api/notes/todo/rename", "{\"id\": \"" + itemId + "\", \"text\": \"renamed on the right\"}"));
        awaitSameNotes(left, Duration.ofSeconds(15));
        awaitSameNotes(right, Duration.ofSeconds(15));
        assertThat(left.get(0).get("/api/notes/note").path("text").asText()).doesNotContain("RIGHT");

        long healed = System.nanoTime();
        for (NodeProcess node : nodes) {
            ok(node.post("/api/test/partition", "{\"block\": []}"));
        }
        JsonNode[] agreed = awaitSameNotes(nodes, VIEW_WAIT);
        long convergedMillis = (System.nanoTime() - healed) / 1_000_000;
        awaitMembers(nodes, 4);
        long mergedMillis = (System.nanoTime() - healed) / 1_000_000;
        System.out.printf(
                Locale.ROOT,
                "COLLAB notes 2|2 partition healed: converged %d ms after the heal (view merged by %d ms)%n",
                convergedMillis,
                mergedMillis);
        assertThat(agreed[0].path("text").asText()).contains("LEFT ", "RIGHT ");
        JsonNode item = find(agreed[1].path("items"), itemId);
        assertThat(item.path("done").asBoolean()).isTrue();
        assertThat(item.path("text").asText()).isEqualTo("renamed on the right");
        assertThat(agreed[1].path("items").get(0).path("text").asText()).isEqualTo("added on the right");
    }

    @Test
    @Order(3)
    void aNodeKilledWithUnsyncedEditsKeepsThemAndTheyReachEveryone() throws Exception {
        NodeProcess lonely = nodes.get(3);
        List<NodeProcess> others = nodes.subList(0, 3);
        block(List.of(lonely), others);
        block(others, List.of(lonely));
        awaitMembers(List.of(lonely), 1);
        ok(lonely.post("/api/notes/note/splice", "{\"index\": 0, \"insert\": \"UNSYNCED \"}"));
        ok(lonely.post("/api/notes/todo/add", "{\"text\": \"written alone, then killed\"}"));
        lonely.kill();
        for (NodeProcess node : others) {
            assertThat(node.get("/api/notes/note").path("text").asText()).doesNotContain("UNSYNCED");
            ok(node.post("/api/test/partition", "{\"block\": []}"));
        }
        lonely.start(ROOM, PASSWORD, List.of(nodes.get(0)));
        awaitMembers(nodes, 4);
        JsonNode[] agreed = awaitSameNotes(nodes, VIEW_WAIT);
        assertThat(agreed[0].path("text").asText()).startsWith("UNSYNCED ");
        assertThat(agreed[1].toString()).contains("written alone, then killed");
        for (NodeProcess node : nodes) {
            assertThat(node.get("/api/notes").path("malformedSyncMessages").asLong())
                    .isZero();
        }
    }

    // ---------------------------------------------------------------- files

    @Test
    @Order(10)
    void aSharedFileIsAnnouncedWithALinkInTheChat() throws Exception {
        file = workDir.resolve("shared.bin");
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < FILE_MB; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        hash = sha256(Files.newInputStream(file));
        HttpResponse<String> shared = HTTP.send(
                HttpRequest.newBuilder(uri(nodes.get(0), "/api/files?name=shared.bin"))
                        .header(ApiToken.HEADER, ApiToken.read(nodes.get(0).dataDir))
                        .timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
        assertThat(JSON.readTree(shared.body()).path("hash").asText()).isEqualTo(hash);
        for (NodeProcess node : nodes) {
            await().ignoreExceptions()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> node.get("/api/chat").toString().contains("/api/files/" + hash));
            await().ignoreExceptions()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> holders(node).contains(ids.get(0)));
        }
    }

    @Test
    @Order(11)
    void theFileIsFetchedByTheOthersFromOneAndThenSeveralSources() throws Exception {
        JsonNode one = fetchAndWait(nodes.get(1), Duration.ofMinutes(3));
        report("1 source", one);
        assertThat(one.path("bytesByPeer").size()).isEqualTo(1);
        await().ignoreExceptions()
                .atMost(Duration.ofSeconds(20))
                .until(() -> holders(nodes.get(2)).size() == 2);
        fetchAndWait(nodes.get(2), Duration.ofMinutes(3));
        await().ignoreExceptions()
                .atMost(Duration.ofSeconds(20))
                .until(() -> holders(nodes.get(3)).size() == 3);
        JsonNode three = fetchAndWait(nodes.get(3), Duration.ofMinutes(3));
        report("3 sources", three);
        assertThat(three.path("bytesByPeer").size())
                .as("chunks from every holder")
                .isEqualTo(3);
        for (NodeProcess node : nodes) {
            assertThat(downloadHash(node))
                    .as(node.name + " serves the same bytes")
                    .isEqualTo(hash);
        }
    }

    @Test
    @Order(12)
    void theOwnerIsKilledMidTransferAndACorruptPeerIsAvoided() throws Exception {
        // A fifth node that fetches honestly but serves flipped bytes.
        liar = new NodeProcess("collab5", "127.0.0.95", ROOM_PORT, HTTP_PORT, workDir)
                .withJvmArgs("-Dstarling.test.faults=true", "-Dstarling.test.corruptChunks=true")
                .start(ROOM, PASSWORD, List.of(nodes.get(0)));
        List<NodeProcess> all = new ArrayList<>(nodes);
        all.add(liar);
        awaitMembers(all, 5);
        String liarId = liar.peerId();
        await().ignoreExceptions()
                .atMost(Duration.ofSeconds(20))
                .until(() -> holders(liar).size() == 4);
        fetchAndWait(liar, Duration.ofMinutes(3));

        NodeProcess downloader = forgetCopy(nodes.get(3));
        await().ignoreExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(() -> holders(downloader).size() == 4);
        assertThat(downloader.post("/api/files/" + hash + "/fetch", "").statusCode())
                .isEqualTo(202);
        await().ignoreExceptions()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        status(downloader).path("download").path("doneChunks").asInt() >= 4);
        NodeProcess owner = nodes.get(0);
        owner.kill();
        JsonNode done = awaitDone(downloader, Duration.ofMinutes(3));
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(downloadHash(downloader)).isEqualTo(hash);
        JsonNode corrupt = downloader.get("/api/files").path("storage").path("corruptPeers");
        assertThat(corrupt.has(liarId))
                .as("the corrupting peer is recorded: " + corrupt)
                .isTrue();
        assertThat(corrupt.path(liarId).asInt()).as("and avoided once caught").isLessThanOrEqualTo(8);
        assertThat(done.path("corruptChunks").asInt()).isPositive();
        System.out.printf(Locale.ROOT, "COLLAB owner killed mid-transfer: done %s%n", done);
        // The owner comes back with its data dir and holds the file again.
        owner.start(ROOM, PASSWORD, List.of(nodes.get(1)));
    }

    @Test
    @Order(13)
    void aRestartedDownloaderResumesWhereItStopped() throws Exception {
        NodeProcess downloader = forgetCopy(nodes.get(2));
        await().ignoreExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(() -> holders(downloader).size() >= 2);
        assertThat(downloader.post("/api/files/" + hash + "/fetch", "").statusCode())
                .isEqualTo(202);
        int total = FILE_MB * 4;
        await().ignoreExceptions()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        status(downloader).path("download").path("doneChunks").asInt() >= total / 4);
        downloader.kill();
        downloader.start(ROOM, PASSWORD, List.of(nodes.get(1)));
        JsonNode done = awaitDone(downloader, Duration.ofMinutes(3));
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("resumedChunks").asInt())
                .as("chunks kept across the restart")
                .isGreaterThanOrEqualTo(total / 4);
        assertThat(done.path("fetchedBytes").asLong()).isLessThan((long) FILE_MB << 20);
        assertThat(downloadHash(downloader)).isEqualTo(hash);
        System.out.printf(Locale.ROOT, "COLLAB resumed download: %s%n", done);
    }

    @Test
    @Order(14)
    void badUploadsAndRequestsGetClearErrors() throws Exception {
        NodeProcess node = nodes.get(1);
        HttpResponse<String> hostile = node.post("/api/files?name=..%2F..%2Fetc%2Fpasswd", "x");
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("path separator");
        assertThat(node.post("/api/files", "no name").statusCode()).isEqualTo(400);
        assertThat(node.post("/api/files/not-a-hash/fetch", "").statusCode()).isEqualTo(400);
        assertThat(node.post("/api/files/" + "0".repeat(64) + "/fetch", "").statusCode())
                .isEqualTo(404);
        assertThat(node.post("/api/notes/note/splice", "{\"index\": 99999, \"insert\": \"x\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(node.post("/api/notes/note/splice", "not json").statusCode()).isEqualTo(400);
        assertThat(node.post("/api/notes/todo/add", "{\"text\": \"x\", \"position\": 4294967296}")
                        .statusCode())
                .as("2^32 is refused, not wrapped to 0")
                .isEqualTo(400);
        assertThat(node.post("/api/notes/nope/add", "{\"text\": \"x\"}").statusCode())
                .isEqualTo(404);
        assertThat(downloadHash(node)).isEqualTo(hash);
    }

    // ---------------------------------------------------------------- helpers

    /** Kills a node, removes its copy of the file (keeping identity and notes) and restarts it. */
    private NodeProcess forgetCopy(NodeProcess node) throws Exception {
        node.kill();
        try (Stream<Path> files = Files.walk(node.dataDir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals(hash)
                            && (p.getParent().getFileName().toString().equals("blobs")
                                    || p.getParent().getFileName().toString().equals("partial")))
                    .toList()) {
                Files.delete(p);
            }
        }
        node.start(ROOM, PASSWORD, List.of(nodes.get(1)));
        await().ignoreExceptions().atMost(VIEW_WAIT).until(() -> node.roomOrNull() != null);
        return node;
    }

    private JsonNode fetchAndWait(NodeProcess node, Duration atMost) throws Exception {
        HttpResponse<String> started = node.post("/api/files/" + hash + "/fetch", "");
        assertThat(started.statusCode()).as(started.body()).isIn(200, 202);
        return awaitDone(node, atMost);
    }

    private JsonNode awaitDone(NodeProcess node, Duration atMost) {
        await().ignoreExceptions()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode status = status(node);
                    return status != null && status.path("heldHere").asBoolean();
                });
        return statusOrThrow(node).path("download");
    }

    private JsonNode status(NodeProcess node) {
        try {
            return node.get("/api/files/" + hash + "/status");
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private JsonNode statusOrThrow(NodeProcess node) {
        JsonNode status = status(node);
        assertThat(status).isNotNull();
        return status;
    }

    private List<String> holders(NodeProcess node) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : node.get("/api/files").path("files")) {
            if (f.path("hash").asText().equals(hash)) {
                f.path("holders").forEach(h -> out.add(h.asText()));
            }
        }
        return out;
    }

    private String downloadHash(NodeProcess node) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(uri(node, "/api/files/" + hash))
                        .timeout(Duration.ofMinutes(1))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return sha256(response.body());
    }

    private static void report(String label, JsonNode download) {
        System.out.printf(
                Locale.ROOT,
                "COLLAB file %d MB from %s: %.2f MB/s (%.2f s; by peer %s)%n",
                FILE_MB,
                label,
                download.path("mbPerSecond").asDouble(),
                download.path("seconds").asDouble(),
                download.path("bytesByPeer"));
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static URI uri(NodeProcess node, String path) {
        return URI.create("http://" + node.host + ":" + node.httpPort + path);
    }

    private void block(List<NodeProcess> on, List<NodeProcess> from) throws Exception {
        StringBuilder list = new StringBuilder();
        for (NodeProcess peer : from) {
            list.append(list.length() == 0 ? "" : ", ")
                    .append('"')
                    .append(ids.get(nodes.indexOf(peer)))
                    .append('"');
        }
        for (NodeProcess node : on) {
            ok(node.post("/api/test/partition", "{\"block\": [" + list + "]}"));
        }
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + items);
    }

    /** Waits until every node reports the same heads for both documents; returns [note, todo]. */
    private static JsonNode[] awaitSameNotes(List<NodeProcess> group, Duration atMost) {
        JsonNode[] agreed = new JsonNode[2];
        await().ignoreExceptions()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode note = null;
                    JsonNode todo = null;
                    for (NodeProcess node : group) {
                        JsonNode n = node.get("/api/notes/note");
                        JsonNode t = node.get("/api/notes/todo");
                        if (note != null
                                && (!n.path("heads").equals(note.path("heads"))
                                        || !t.path("heads").equals(todo.path("heads")))) {
                            return false;
                        }
                        note = n;
                        todo = t;
                    }
                    agreed[0] = note;
                    agreed[1] = todo;
                    return true;
                });
        for (NodeProcess node : group) {
            try {
                assertThat(node.get("/api/notes/note").path("text")).isEqualTo(agreed[0].path("text"));
                assertThat(node.get("/api/notes/todo").path("items")).isEqualTo(agreed[1].path("items"));
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return agreed;
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static void awaitMembers(List<NodeProcess> group, int count) {
        awaitMembers(group, count, VIEW_WAIT);
    }

    private static void awaitMembers(List<NodeProcess> group, int count, Duration atMost) {
        await().ignoreExceptions()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (NodeProcess node : group) {
                        JsonNode room = node.roomOrNull();
                        if (room == null || room.path("members").size() != count) {
                            return false;
                        }
                    }
                    return true;
                });
    }
}
