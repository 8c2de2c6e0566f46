package dev.starling.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import dev.starling.node.room.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call page's media channel on a real node ({@code --media browser}) over a real WebSocket:
 * only the node's own page with its token gets in; malformed, oversized and doubled pages get a
 * clear answer and the node carries on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallChannelTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private StarlingNode node;
    private String host;
    private String token;

    @BeforeAll
    void start() throws Exception {
        node = StarlingNode.start(new NodeConfig(
                "call",
                "pw-call-long-enough".toCharArray(),
                "caller",
                new HostPort("127.0.0.1", 17_861),
                List.of(),
                Optional.empty(),
                new HostPort("127.0.0.1", 0),
                dir.resolve("node"),
                "browser"));
        host = "127.0.0.1:" + node.apiPort();
        token = ApiToken.read(dir.resolve("node"));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    /** A page's side of the channel: what the node sent, and how it closed. */
    static final class Page implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }

        JsonNode next(String type) throws Exception {
            for (int i = 0; i < 50; i++) {
                String text = texts.poll(10, TimeUnit.SECONDS);
                if (text == null) {
                    break;
                }
                JsonNode message = JSON.readTree(text);
                if (message.path("type").asText().equals(type)) {
                    return message;
                }
            }
            throw new AssertionError("no " + type + " message");
        }
    }

    private WebSocket open(Page page, String origin, String cookieToken) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (cookieToken != null) {
            builder.header("Cookie", "starling_token_" + node.apiPort() + "=" + cookieToken);
        }
        return builder.buildAsync(URI.create("ws://" + host + "/call/media"), page)
                .get(10, TimeUnit.SECONDS);
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/api/call"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    @Test
    void theCallPageIsServedWithItsPolicyAndTheTokenCookie() throws Exception {
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/call")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("call.js");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'")
                .doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("Set-Cookie").orElse("")).contains("SameSite=Strict");
    }

    @Test
    void aPageOfAnotherOriginOrWithoutTheTokenIsRefused() throws Exception {
        Page foreign = new Page();
        open(foreign, "http://evil.example", token);
        assertThat(foreign.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4403);

        Page tokenless = new Page();
        open(tokenless, "http://" + host, null);
        assertThat(tokenless.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4403);
        assertThat(status().path("attached").asBoolean()).isFalse();
    }

    @Test
    void malformedOversizedAndDoubledPagesGetAClearAnswer() throws Exception {
        Page first = new Page();
        WebSocket ws = open(first, "http://" + host, token);
        JsonNode welcome = first.next("welcome");
        assertThat(welcome.path("sends").asBoolean()).isTrue();
        assertThat(welcome.path("video").path("width").asInt()).isPositive();
        assertThat(welcome.toString()).doesNotContain("pw-call");

        ws.sendBinary(ByteBuffer.wrap(new byte[] {0x02, 0, 2, '{', '}'}), true).get(5, TimeUnit.SECONDS);
        assertThat(first.next("error").path("message").asText()).contains("picture");
        ws.sendText("{\"type\":\"state\",\"audio\":\"loud\"}", true).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(status().path("refusedMessages").asLong()).isGreaterThanOrEqualTo(2));

        // A well-formed state and 10 ms of audio are taken.
        ws.sendText("{\"type\":\"state\",\"audio\":\"on\",\"video\":\"off\",\"screen\":\"none\"}", true)
                .get(5, TimeUnit.SECONDS);
        ByteBuffer audio = ByteBuffer.allocate(3 + 2 + 960).put((byte) 1).putShort((short) 2);
        audio.put("{}".getBytes(StandardCharsets.UTF_8)).put(new byte[960]).flip();
        ws.sendBinary(audio, true).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(status().path("received").asText()).contains("captured 1"));

        // A second page replaces the first, which is told why.
        Page second = new Page();
        WebSocket ws2 = open(second, "http://" + host, token);
        second.next("welcome");
        assertThat(first.next("closing").path("reason").asText()).contains("another call page");
        assertThat(first.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4000);

        // Larger than any picture: the node closes the channel (1009, message too big) and stays up.
        ws2.sendBinary(ByteBuffer.allocate(4 << 20), true);
        assertThat(second.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(status().path("attached").asBoolean()).isFalse());
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/api/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }
}
