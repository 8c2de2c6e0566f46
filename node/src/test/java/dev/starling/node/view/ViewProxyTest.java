package dev.starling.node.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.room.HostPort;
import dev.starling.visualizer.web.WebAssets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewProxyTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ViewProxy proxy, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ViewProxy proxyFor(String url) {
        return new ViewProxy(
                        new RemoteNode(NodeUrl.parse(url), RemoteNode.defaultClient()),
                        new WebAssets(),
                        new HostPort("127.0.0.1", 0))
                .start();
    }

    @Test
    void servesTheAssetsLocallyAndPassesTheApiThrough() throws Exception {
        try (FakeRemoteNode remote = new FakeRemoteNode();
                ViewProxy proxy = proxyFor(remote.url())) {
            HttpResponse<String> page = get(proxy, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("app.js");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .contains(WebAssets.CONTENT_SECURITY_POLICY);
            assertThat(get(proxy, WebAssets.CYTOSCAPE_URL_PATH).statusCode()).isEqualTo(200);

            assertThat(get(proxy, "/api/room").body()).isEqualTo("{\"room\":\"r\",\"leader\":\"p1\"}");
            HttpResponse<String> dot = get(proxy, "/api/topology?format=dot&at=123");
            assertThat(dot.body()).isEqualTo(FakeRemoteNode.DOT);
            assertThat(dot.headers().firstValue("Content-Type")).contains("text/vnd.graphviz");
            assertThat(remote.queries).contains("format=dot&at=123");

            HttpRequest.Builder chat = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + proxy.port() + "/api/chat"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}"));
            assertThat(http.send(chat.build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("without the cookie its page hands out, the proxy posts nothing")
                    .isEqualTo(403);
            String cookie =
                    page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> posted =
                    http.send(chat.header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(201);
            assertThat(remote.posted).containsExactly("application/json {\"text\":\"hi\"}");

            remote.topologyStatus = 400;
            HttpResponse<String> refused = get(proxy, "/api/topology?format=gif");
            assertThat(refused.statusCode())
                    .as("the node's own error passes through")
                    .isEqualTo(400);
            assertThat(refused.body()).contains("unknown format");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void relaysTheEventStreamFrameByFrameWithEventNames() throws Exception {
        try (FakeRemoteNode remote = new FakeRemoteNode();
                ViewProxy proxy = proxyFor(remote.url())) {
            HttpResponse<java.io.InputStream> stream = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/api/stream"))
                            .header("Accept", "text/event-stream")
                            .build(), // as EventSource sends it
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            List<String> lines = new ArrayList<>();
            // The fake holds its stream open: reading these lines proves the relay does not wait for the end.
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while (lines.stream().filter(l -> l.startsWith("data:")).count() < 2
                        && (line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            }
            assertThat(lines)
                    .containsExactly(
                            "event: PeerJoined", "data: {\"type\":\"PeerJoined\",\"peerId\":\"p2\"}",
                            "event: LeaderChanged", "data: {\"type\":\"LeaderChanged\",\"peerId\":\"p2\"}");
        }
    }

    @Test
    void anUnreachableNodeIsABadGatewayWithAReason() throws Exception {
        String dead;
        try (FakeRemoteNode remote = new FakeRemoteNode()) {
            dead = remote.url();
        }
        try (ViewProxy proxy = proxyFor(dead)) {
            HttpResponse<String> reply = get(proxy, "/api/room");
            assertThat(reply.statusCode()).isEqualTo(502);
            assertThat(reply.body()).contains("cannot reach node at " + dead);
        }
    }
}
