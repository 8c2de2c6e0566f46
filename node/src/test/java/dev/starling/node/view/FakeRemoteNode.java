package dev.starling.node.view;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Just enough of a node's HTTP API, on 127.0.0.1, to exercise the view proxy and snapshots. */
public final class FakeRemoteNode implements AutoCloseable {
    public static final String SVG =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 200\" width=\"320\" height=\"200\">"
                    + "<rect width=\"320\" height=\"200\" fill=\"#fafafa\"/><circle cx=\"160\" cy=\"100\" r=\"40\" fill=\"teal\"/></svg>";
    public static final String DOT = "graph topology {\n  \"p1\" [label=\"alice\"];\n}\n";
    public static final String JSON = "{\"peers\":[{\"id\":\"p1\",\"name\":\"alice\"}],\"links\":[]}";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    public final List<String> posted = new CopyOnWriteArrayList<>();
    public final List<String> queries = new CopyOnWriteArrayList<>();
    public volatile int topologyStatus = 200;

    public FakeRemoteNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/health", ex -> send(ex, 200, "application/json", "{\"status\":\"ok\"}"));
        server.createContext(
                "/api/room", ex -> send(ex, 200, "application/json", "{\"room\":\"r\",\"leader\":\"p1\"}"));
        server.createContext("/api/topology", this::topology);
        server.createContext("/api/chat", this::chat);
        server.createContext("/api/stream", this::stream);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void topology(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        queries.add(query);
        if (topologyStatus != 200) {
            send(ex, topologyStatus, "application/json", "{\"error\":\"unknown format\"}");
            return;
        }
        String format = query == null ? "json" : query.replaceAll(".*format=([a-z]+).*", "$1");
        switch (format) {
            case "svg" -> send(ex, 200, "image/svg+xml", SVG);
            case "dot" -> send(ex, 200, "text/vnd.graphviz", DOT);
            default -> send(ex, 200, "application/json", JSON);
        }
    }

    private void chat(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("POST")) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posted.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
            send(ex, 201, "application/json", "{\"text\":\"stored\"}");
        } else {
            send(ex, 200, "application/json", "[]");
        }
    }

    /** Two named events, like the node's, then held open until the test ends. */
    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write(("event: PeerJoined\ndata: {\"type\":\"PeerJoined\",\"peerId\":\"p2\"}\n\n"
                        + ": a comment the relay drops\n\n"
                        + "event: LeaderChanged\ndata: {\"type\":\"LeaderChanged\",\"peerId\":\"p2\"}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.close();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
