package dev.starling.visualizer.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Minimal Chrome DevTools Protocol client over the JDK's WebSocket: enough to open a tab,
 * evaluate script and take a screenshot, without pulling Selenium into the build.
 */
public final class CdpClient implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final WebSocket socket;

    public CdpClient(URI browserWs) throws Exception {
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(browserWs, new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    public JsonNode send(String sessionId, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = mapper.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? mapper.createObjectNode() : params);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(mapper.writeValueAsString(msg), true).get(5, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.get("error"));
        }
        return r.get("result");
    }

    public ObjectNode params() {
        return mapper.createObjectNode();
    }

    /** Opens a tab on {@code url} and returns a flat session id for it. */
    public String openPage(String url) throws Exception {
        String targetId = send(null, "Target.createTarget", params().put("url", url))
                .get("targetId")
                .asText();
        return send(
                        null,
                        "Target.attachToTarget",
                        params().put("targetId", targetId).put("flatten", true))
                .get("sessionId")
                .asText();
    }

    /** Evaluates an expression (awaiting a returned promise) and returns its JSON value. */
    public JsonNode eval(String session, String expression) throws Exception {
        JsonNode r = send(
                session,
                "Runtime.evaluate",
                params().put("expression", expression)
                        .put("returnByValue", true)
                        .put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Polls {@code expression} until {@code ok} accepts its value; fails with the last value seen. */
    public JsonNode waitFor(String session, String expression, Predicate<JsonNode> ok, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = eval(session, expression);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + expression + ", last value " + last);
    }

    /**
     * Makes the tab the visible one. Only the front tab gets animation frames, and the view
     * applies updates in animation frames, so a test watching several tabs must switch.
     */
    public void bringToFront(String session) throws Exception {
        send(session, "Page.bringToFront", null);
    }

    /** A PNG of the page as it is drawn now. */
    public byte[] screenshot(String session) throws Exception {
        String data = send(session, "Page.captureScreenshot", params().put("format", "png"))
                .get("data")
                .asText();
        return Base64.getDecoder().decode(data);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                try {
                    JsonNode msg = mapper.readTree(buffer.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f =
                                pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    }
                } catch (Exception e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                } finally {
                    buffer.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
