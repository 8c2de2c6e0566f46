package dev.starling.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.api.ApiToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Starling node started as a separate OS process, driven through its HTTP API. */
public final class NodeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    public final String host;
    public final int roomPort;
    public final int httpPort;
    public final Path dataDir;
    public final Path log;
    private Process process;
    private final List<String> jvmArgs = new ArrayList<>();

    /** Extra JVM options (e.g. test-only -D switches) for every later {@link #start}. */
    public NodeProcess withJvmArgs(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    public NodeProcess(String name, String host, int roomPort, int httpPort, Path workDir) {
        this.name = name;
        this.host = host;
        this.roomPort = roomPort;
        this.httpPort = httpPort;
        this.dataDir = workDir.resolve(name);
        this.log = workDir.resolve(name + ".log");
    }

    public NodeProcess start(String room, String password, List<NodeProcess> bootstrap) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        command.addAll(jvmArgs);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.starling.node.cli.StarlingCommand",
                "join",
                "--room",
                room,
                "--password-env",
                "STARLING_TEST_PASSWORD",
                "--name",
                name,
                "--bind",
                host + ":" + roomPort,
                "--http",
                host + ":" + httpPort,
                "--data-dir",
                dataDir.toString()));
        for (NodeProcess peer : bootstrap) {
            command.add("--peer");
            command.add(peer.host + ":" + peer.roomPort);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("STARLING_TEST_PASSWORD", password);
        process = builder.start();
        return this;
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no goodbye, no cleanup, like a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(name + " " + path + " -> HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(3))
                .header("Content-Type", "application/json")
                .header(ApiToken.HEADER, ApiToken.read(dataDir))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Room view as this node sees it, or null while its API is not up yet. */
    public JsonNode roomOrNull() {
        try {
            return get("/api/room");
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    public String peerId() throws IOException, InterruptedException {
        return get("/api/room").path("self").path("id").asText();
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private URI uri(String path) {
        return URI.create("http://" + host + ":" + httpPort + path);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
