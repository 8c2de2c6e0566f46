package dev.starling.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import dev.starling.node.room.HostPort;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web page of another origin, a DNS-rebinding page and an oversized body against a real node's
 * API over real sockets: each is refused, nothing is posted on the user's behalf, the node stays up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAccessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private StarlingNode node;
    private String base;
    private String token;

    @BeforeAll
    void start() throws Exception {
        node = StarlingNode.start(new NodeConfig(
                "access",
                "pw-access-long-enough".toCharArray(),
                "victim",
                new HostPort("127.0.0.1", 17_841),
                List.of(),
                Optional.empty(),
                new HostPort("127.0.0.1", 0),
                dir.resolve("node"),
                "none"));
        base = "http://127.0.0.1:" + node.apiPort();
        token = ApiToken.read(dir.resolve("node"));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void theTokenFileIsTheOwnersAlone() throws Exception {
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve("node").resolve(ApiToken.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(token).hasSizeGreaterThan(40);
    }

    @Test
    void aPageOfAnotherOriginCannotPostEvenASimpleRequest() throws Exception {
        // text/plain needs no preflight: the browser sends it and only hides the answer.
        HttpResponse<String> answer = HTTP.send(
                chat("from evil")
                        .header("Content-Type", "text/plain")
                        .header("Origin", "http://evil.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("cross-origin");
        HttpResponse<String> withToken = HTTP.send(
                chat("evil with a stolen token")
                        .header(ApiToken.HEADER, token)
                        .header("Origin", "http://127.0.0.1:1")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as("another port is another origin").isEqualTo(403);
        assertThat(node.chat().lines()).noneMatch(line -> line.text().contains("evil"));
    }

    @Test
    void stateChangesNeedTheTokenAndTheNodesOwnPageGetsIt() throws Exception {
        HttpResponse<String> bare = HTTP.send(chat("no token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.body()).contains(ApiToken.HEADER, ApiToken.FILE_NAME);
        for (String path : List.of(
                "/api/election",
                "/api/notes/note/splice",
                "/api/files/" + "0".repeat(64) + "/fetch",
                "/api/latency/reset")) {
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(URI.create(base + path))
                                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as(path)
                    .isEqualTo(403);
        }

        assertThat(HTTP.send(
                                chat("scripted").header(ApiToken.HEADER, token).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> page =
                HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
        HttpResponse<String> fromPage = HTTP.send(
                chat("from the view")
                        .header("Cookie", cookie.split(";")[0])
                        .header("Origin", base)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromPage.statusCode()).isEqualTo(201);
        assertThat(node.chat().lines()).extracting(line -> line.text()).contains("scripted", "from the view");
    }

    @Test
    void aForeignHostNameIsRefusedSoDnsRebindingReadsNothing() throws Exception {
        assertThat(raw("GET /api/room HTTP/1.1\r\nHost: rebind.evil.example:" + node.apiPort()
                        + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403")
                .doesNotContain("\"members\"");
        assertThat(raw("GET /api/room HTTP/1.1\r\nHost: localhost:" + node.apiPort() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void oversizedBodiesAreRefusedWithoutBeingHeld() throws Exception {
        long cap = 64 * 1024;
        HttpResponse<String> announced = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                        .header(ApiToken.HEADER, token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) cap + 1]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(announced.statusCode()).isEqualTo(413);

        // Chunked: no length up front. 15 MiB of it must be cut off at the cap.
        long before = usedHeap();
        HttpResponse<String> chunked = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                        .header(ApiToken.HEADER, token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless(15 << 20)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("larger than " + cap);
        assertThat(usedHeap() - before).as("heap growth, bytes").isLessThan(10L << 20);
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    private HttpRequest.Builder chat(String text) {
        return HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + text + "\"}"));
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.apiPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Zeros, produced as they are read, so the client side holds none of them. */
    private static InputStream endless(int bytes) {
        return new InputStream() {
            private long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
