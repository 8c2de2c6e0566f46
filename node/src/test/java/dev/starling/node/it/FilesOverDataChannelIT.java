package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.Lab;
import dev.starling.protocol.LocalApi;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Four nodes with (small) synthetic media, each in its own network namespace: a file shared on
 * node 1 is fetched by node 2 (one source), node 3 (two) and node 4 (three sources), and every
 * byte of it must have come over the links' "starling-files" data channels, not the room.
 * Figures go to stdout.
 */
class FilesOverDataChannelIT {
    private static final int FILE_MB = Integer.getInteger("files.it.fileMb", 4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void aFileTravelsOverDataChannelsFromOneAndFromThreeSources() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the lab needs root to create network namespaces");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Lab lab =
                new Lab(runner, 4, "synthetic", List.of("--video", "192x144@10"), new PrintStream(progress, true))) {
            lab.start();
            assertThat(lab.awaitRoom(Duration.ofSeconds(120)))
                    .as(lab.logTails(20))
                    .isTrue();
            for (int i = 1; i <= 4; i++) {
                int node = i;
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(lab.get(node, "/api/files")
                                        .path("fileChannels")
                                        .findValues("open"))
                                .as("node %d's file channels", node)
                                .hasSize(3)
                                .allMatch(JsonNode::asBoolean));
            }
            List<String> api = lab.apiUrls();

            byte[] content = new byte[FILE_MB << 20];
            new Random(6).nextBytes(content);
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            HttpResponse<String> shared = HTTP.send(
                    HttpRequest.newBuilder(URI.create(api.get(0) + "/api/files?name=it.bin"))
                            .header(LocalApi.TOKEN_HEADER, lab.apiToken(1))
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(shared.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(shared.body()).path("hash").asText()).isEqualTo(hash);

            for (int node = 2; node <= 4; node++) {
                int fetcher = node;
                int sources = node - 1;
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> holders(lab.get(fetcher, "/api/files"), hash) >= sources);
                long started = System.nanoTime();
                HttpResponse<String> fetch = HTTP.send(
                        HttpRequest.newBuilder(URI.create(api.get(fetcher - 1) + "/api/files/" + hash + "/fetch"))
                                .timeout(Duration.ofSeconds(10))
                                .header(LocalApi.TOKEN_HEADER, lab.apiToken(fetcher))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(fetch.statusCode()).as(fetch.body()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> lab.get(fetcher, "/api/files/" + hash + "/status")
                                .path("heldHere")
                                .asBoolean());
                double wall = (System.nanoTime() - started) / 1e9;
                JsonNode download =
                        lab.get(fetcher, "/api/files/" + hash + "/status").path("download");

                assertThat(sha256(api.get(fetcher - 1) + "/api/files/" + hash, lab.apiToken(fetcher)))
                        .as("bytes on node %d", fetcher)
                        .isEqualTo(hash);
                assertThat(download.path("bytesByTransport").path("datachannel").asLong())
                        .as("every byte over the data channel: %s", download)
                        .isEqualTo(content.length);
                assertThat(download.path("bytesByTransport").has("room")).isFalse();
                assertThat(download.path("bytesByPeer").size())
                        .as("sources used: %s", download)
                        .isEqualTo(sources);
                download.path("bytesByPeer")
                        .forEach(bytes -> assertThat(bytes.asLong()).isPositive());

                JsonNode files = lab.get(fetcher, "/api/files");
                assertThat(files.path("storage")
                                .path("transports")
                                .path("total")
                                .path("datachannel")
                                .path("bytesReceived")
                                .asLong())
                        .isGreaterThanOrEqualTo(content.length);
                files.path("fileChannels").fields().forEachRemaining(link -> {
                    if (link.getValue().isObject()) {
                        assertThat(link.getValue()
                                        .path("reassembly")
                                        .path("inconsistent")
                                        .asLong())
                                .isZero();
                        assertThat(link.getValue()
                                        .path("reassembly")
                                        .path("malformed")
                                        .asLong())
                                .isZero();
                    }
                });
                System.out.printf(
                        "files over data channels: node %d from %d source(s): %.2f MB/s (node), wall %.1f s%n",
                        fetcher, sources, download.path("mbPerSecond").asDouble(), wall);
            }
            JsonNode owner =
                    lab.get(1, "/api/files").path("storage").path("transports").path("total");
            assertThat(owner.path("datachannel").path("chunksSent").asLong()).isPositive();
            assertThat(owner.path("room").path("chunksSent").asLong()).isZero();
        }
    }

    private static int holders(JsonNode files, String hash) {
        if (files == null) {
            return 0;
        }
        for (JsonNode file : files.path("files")) {
            if (file.path("hash").asText().equals(hash)) {
                return file.path("holders").size();
            }
        }
        return 0;
    }

    private static String sha256(String url, String token) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header(LocalApi.TOKEN_HEADER, token)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
