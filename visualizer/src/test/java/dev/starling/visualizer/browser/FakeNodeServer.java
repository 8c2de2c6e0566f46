package dev.starling.visualizer.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.starling.visualizer.event.DecodeResult;
import dev.starling.visualizer.event.EventJson;
import dev.starling.visualizer.event.TopologyEvent;
import dev.starling.visualizer.export.TopologyRenderer;
import dev.starling.visualizer.model.TopologyModel;
import dev.starling.visualizer.web.TopologyEndpoint;
import dev.starling.visualizer.web.WebAssets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for the node's HTTP API on 127.0.0.1: the view's assets, /api/topology, the
 * /api/stream SSE feed, /api/chat and /api/events. Events pushed here go through the real
 * EventJson and TopologyModel, so the browser sees exactly what a node would send.
 */
final class FakeNodeServer implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventJson json = new EventJson(mapper);
    private final WebAssets assets = new WebAssets();
    private final TopologyModel model;
    private final TopologyEndpoint endpoint;
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
    private final CountDownLatch streamOpened = new CountDownLatch(1);
    private final ArrayNode chat = mapper.createArrayNode();
    private final ArrayNode log = mapper.createArrayNode();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final HttpServer server;

    FakeNodeServer(TopologyModel model) throws IOException {
        this.model = model;
        this.endpoint = new TopologyEndpoint(model, new TopologyRenderer(), json);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::asset);
        server.createContext("/api/topology", this::topology);
        server.createContext("/api/stream", this::stream);
        server.createContext("/api/chat", this::chat);
        server.createContext("/api/events", ex -> send(ex, 200, "application/json", logJson()));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    void addChat(String author, String authorName, String text, long sentAt) {
        synchronized (chat) {
            chat.addObject()
                    .put("author", author)
                    .put("authorName", authorName)
                    .put("text", text)
                    .put("sentAt", sentAt);
        }
    }

    boolean awaitStream(long millis) throws InterruptedException {
        return streamOpened.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Applies to the model (so later topology fetches agree) and forwards on the stream. */
    void push(TopologyEvent e) {
        model.accept(e);
        String frame = endpoint.sseFrame(e);
        synchronized (log) {
            log.add(json.toJson(e));
        }
        send(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** Streams an event the model has not seen yet, i.e. a topology snapshot that lags the stream. */
    void pushStreamOnly(TopologyEvent e) {
        broadcast(json.encode(e));
    }

    /** Sends text as-is, e.g. a malformed event, to check the page survives it. */
    void pushRaw(String data) {
        DecodeResult r = json.decode(data);
        if (r instanceof DecodeResult.Accepted a) {
            model.accept(a.event());
        }
        broadcast(data);
    }

    private void broadcast(String data) {
        send(("data: " + data.replace("\n", "\ndata: ") + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void send(byte[] frame) {
        for (OutputStream out : streams) {
            synchronized (out) {
                try {
                    out.write(frame);
                    out.flush();
                } catch (IOException gone) {
                    streams.remove(out);
                }
            }
        }
    }

    private String logJson() throws IOException {
        synchronized (log) {
            return mapper.writeValueAsString(log);
        }
    }

    private void asset(HttpExchange ex) throws IOException {
        var asset = assets.resolve(ex.getRequestURI().getPath());
        if (asset.isEmpty()) {
            send(ex, 404, "text/plain", "not found");
            return;
        }
        ex.getResponseHeaders().set("Content-Security-Policy", WebAssets.CONTENT_SECURITY_POLICY);
        ex.getResponseHeaders().set("Content-Type", asset.get().contentType());
        byte[] body = assets.read(asset.get());
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void topology(HttpExchange ex) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = ex.getRequestURI().getQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        TopologyEndpoint.Response r = endpoint.topology(query.get("format"), query.get("at"));
        send(ex, r.status(), r.contentType(), r.body());
    }

    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        streams.add(out);
        streamOpened.countDown();
        // Returning keeps the exchange open: the body is closed when the server stops.
    }

    private void chat(HttpExchange ex) throws IOException {
        if ("POST".equals(ex.getRequestMethod())) {
            JsonNode body = mapper.readTree(ex.getRequestBody());
            addChat("self", "Me", body.path("text").asText(), System.currentTimeMillis());
            send(ex, 204, "text/plain", null);
            return;
        }
        String body;
        synchronized (chat) {
            body = mapper.writeValueAsString(chat);
        }
        send(ex, 200, "application/json", body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        for (OutputStream out : streams) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the browser is going away too
            }
        }
        server.stop(0);
        pool.shutdownNow();
    }
}
