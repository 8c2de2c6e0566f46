package dev.starling.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.collaboration.files.ChunkTransport;
import dev.starling.node.collaboration.files.FileLimits;
import dev.starling.node.collaboration.files.FileService;
import dev.starling.node.collaboration.files.FileStore;
import dev.starling.node.events.LiveEvents;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files endpoints over real HTTP, with the API server's 64 KiB request limit for JSON bodies. */
class FilesApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final LiveEvents events = new LiveEvents(Clock.systemUTC(), 16);
    private Javalin app;
    private FileService files;

    @BeforeEach
    void start() throws Exception {
        FileStore store = new FileStore(dir, new FileLimits(2_000_000, 10_000_000, 64 * 1024));
        ChunkTransport none = new ChunkTransport() {
            @Override
            public boolean request(String peer, FileChunkRequest request) {
                return false;
            }

            @Override
            public boolean send(String peer, FileChunk chunk) {
                return false;
            }

            @Override
            public String name() {
                return "none";
            }
        };
        files = new FileService("self", store, none, body -> {}, FilesApi.publishTo(events), Clock.systemUTC(), false);
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = 64 * 1024; // as ApiServer
            config.jsonMapper(new JavalinJackson(JSON, false));
        });
        new FilesApi(files, peer -> "me", java.util.Map::of).register(app);
        app.exception(
                IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        files.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    @Test
    void rawAndMultipartUploadsLargerThanTheJsonLimitAreSharedAndDownloadable() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(9).nextBytes(data);
        HttpResponse<String> raw = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files?name=raw.bin"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(201);
        String hash = JSON.readTree(raw.body()).path("hash").asText();

        byte[] other = new byte[300_000];
        new Random(10).nextBytes(other);
        String boundary = "----starlingtest";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"multi.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + other.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(other, 0, body, head.length, other.length);
        System.arraycopy(tail, 0, body, head.length + other.length, tail.length);
        HttpResponse<String> multi = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(multi.statusCode()).as(multi.body()).isEqualTo(201);
        assertThat(JSON.readTree(multi.body()).path("name").asText()).isEqualTo("multi.bin");

        HttpResponse<byte[]> download = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files/" + hash)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(data);
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename*=UTF-8''raw.bin");

        JsonNode list = JSON.readTree(
                HTTP.send(HttpRequest.newBuilder(uri("/api/files")).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .body());
        assertThat(list.path("files")).hasSize(2);
        assertThat(list.path("files").get(0).path("holders").toString()).contains("self");
    }

    @Test
    void oversizedUploadsAndHostileNamesGetClearErrors() throws Exception {
        HttpResponse<String> big = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files?name=big.bin"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2_000_001]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(big.body()).contains("limit");
        HttpResponse<String> hostile = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files?name=%2E%2E"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("directory reference");
        HttpResponse<String> unknown = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files/" + "a".repeat(64)))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(HTTP.send(
                                        HttpRequest.newBuilder(uri("/api/files"))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .path("files"))
                .isEmpty();
    }

    @Test
    void aHeldFileFetchesAtOnceAndTheListingAndEventsKeepTheirShape() throws Exception {
        HttpResponse<String> shared = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files?name=kept.bin"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode share = JSON.readTree(shared.body());
        assertThat(share.fieldNames()).toIterable().containsExactly("hash", "name", "size", "chunks", "owner", "link");
        String hash = share.path("hash").asText();
        assertThat(share.path("chunks").asInt()).isEqualTo(2);
        assertThat(share.path("link").asText()).isEqualTo("/api/files/" + hash);

        HttpResponse<String> fetch = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files/" + hash + "/fetch"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fetch.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(fetch.body()))
                .isEqualTo(JSON.readTree("{\"hash\":\"" + hash + "\",\"state\":\"held\"}"));

        JsonNode status = JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(uri("/api/files/" + hash + "/status"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(status.fieldNames()).toIterable().containsExactly("hash", "name", "size", "heldHere");
        assertThat(status.path("heldHere").asBoolean()).isTrue();

        JsonNode list = JSON.readTree(
                HTTP.send(HttpRequest.newBuilder(uri("/api/files")).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .body());
        assertThat(list.path("files").get(0).fieldNames())
                .toIterable()
                .containsExactly(
                        "hash",
                        "name",
                        "size",
                        "chunkSize",
                        "chunks",
                        "owner",
                        "ownerName",
                        "sharedAt",
                        "holders",
                        "partialHolders",
                        "heldHere",
                        "link");
        assertThat(list.path("files").get(0).path("ownerName").asText()).isEqualTo("me");
        assertThat(list.path("files").get(0).path("holders").toString()).isEqualTo("[\"self\"]");
        assertThat(list.path("storage").fieldNames())
                .toIterable()
                .containsExactly(
                        "usedBytes",
                        "quotaBytes",
                        "maxFileBytes",
                        "corruptPeers",
                        "rejectedManifests",
                        "rejectedChunkRequests",
                        "servedChunks",
                        "transport");
        assertThat(list.path("storage").path("usedBytes").asLong()).isEqualTo(100_000);
        assertThat(list.path("storage").path("transport").asText()).isEqualTo("none");

        assertThat(events.recent()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("file");
            assertThat(event.fields())
                    .isEqualTo(Map.of(
                            "action", "shared", "hash", hash, "name", "kept.bin", "size", 100_000L, "owner", "self"));
        });

        HttpResponse<String> unknown = HTTP.send(
                HttpRequest.newBuilder(uri("/api/files/" + "b".repeat(64) + "/fetch"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText())
                .isEqualTo("no shared file " + "b".repeat(64) + " known here");
    }
}
