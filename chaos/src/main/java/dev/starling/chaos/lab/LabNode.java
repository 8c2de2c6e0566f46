package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.protocol.LatencyMarkers;
import dev.starling.protocol.LocalApi;
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
import java.util.concurrent.TimeUnit;

/** One node process of a lab, started inside its namespace and reached over its HTTP API. */
final class LabNode {
    static final int ROOM_PORT = 7800;
    static final int HTTP_PORT = 8700;
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);

    private final int index;
    private final String name;
    private final String address;
    private final String apiBind;
    private volatile String apiAddress;
    private final Path log;
    private final HttpClient http;
    private final ObjectMapper json;
    private Process process;
    private Path dataDir;
    private ProcessBuilder lastStart;

    LabNode(int index, String address, Path log, HttpClient http, ObjectMapper json) {
        this(index, "peer" + index, address, address, address, log, http, json);
    }

    /**
     * @param apiBind where the HTTP API listens, when it is not the room address (the chaos fabric's management link)
     * @param apiAddress where the lab reaches it (a NAT router forwarding to {@code apiBind})
     */
    LabNode(
            int index,
            String name,
            String address,
            String apiBind,
            String apiAddress,
            Path log,
            HttpClient http,
            ObjectMapper json) {
        this.index = index;
        this.name = name;
        this.apiBind = apiBind;
        this.apiAddress = apiAddress;
        this.address = address;
        this.log = log;
        this.http = http;
        this.json = json;
    }

    String name() {
        return name;
    }

    /** 1-based, as the lab counts nodes. */
    int index() {
        return index;
    }

    String apiAddress() {
        return apiAddress;
    }

    /** The lab reaches this node's API at {@code address} from now on (its NAT site was renumbered). */
    void reachAt(String address) {
        apiAddress = address;
    }

    /** The live view, with the token that lets a browser in (the API listens beyond loopback). */
    String viewUrl() {
        return apiUrl() + "/?token=" + apiToken();
    }

    String apiUrl() {
        return "http://" + apiAddress + ":" + HTTP_PORT;
    }

    Path log() {
        return log;
    }

    /**
     * Starts the node in {@code namespaceExec}; {@code wayIn} says which room and how to reach it
     * ({@code --room R --peer P}, or {@code --invite LINK}).
     */
    void start(
            List<String> namespaceExec,
            List<String> wayIn,
            String passwordEnv,
            String password,
            Path dataDir,
            String media,
            List<String> nodeOptions,
            java.util.Map<String, String> environment,
            boolean realtimeThreads)
            throws IOException {
        this.dataDir = dataDir;
        List<String> command = new ArrayList<>(enteringNetworkOnly(namespaceExec));
        if (!realtimeThreads) {
            command.addAll(WITHOUT_REALTIME_SCHEDULING);
        }
        command.addAll(starlingCommand("join"));
        command.addAll(wayIn);
        command.addAll(List.of(
                "--password-env",
                passwordEnv,
                "--name",
                name(),
                "--bind",
                address + ":" + ROOM_PORT,
                "--http",
                apiBind + ":" + HTTP_PORT,
                "--data-dir",
                dataDir.toString(),
                "--media",
                media,
                // Distinct marker slots (8 exist), so markers relayed in a mix name their origin.
                "--marker-slot",
                Integer.toString((index - 1) % LatencyMarkers.SLOTS)));
        command.addAll(nodeOptions);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(passwordEnv, password);
        builder.environment().putAll(environment);
        process = builder.start();
        lastStart = builder;
    }

    /**
     * The lab runs as root, and libwebrtc raises its threads to real-time (SCHED_FIFO) priority
     * wherever it may: the video encoder and decoder queues included, which on a busy machine then
     * run ahead of the network threads and the node's own audio pushes. A person's node runs
     * without that privilege, so lab nodes drop it ({@code CAP_SYS_NICE}) and schedule as theirs do.
     */
    static final List<String> WITHOUT_REALTIME_SCHEDULING =
            List.of("setpriv", "--bounding-set", "-sys_nice", "--inh-caps", "-sys_nice", "--");

    /**
     * {@code ip netns exec NS} gives the process mounts of its own with a fresh {@code /sys}, which
     * has no cgroup hierarchy: a node there could not read the CPU quota its profile gives it (the
     * node reports it as its CPU budget). {@code nsenter --net} enters the network namespace only,
     * and like {@code ip netns exec} it execs the command, so the process is still the node.
     */
    static List<String> enteringNetworkOnly(List<String> namespaceExec) {
        if (namespaceExec.size() == 4 && namespaceExec.subList(0, 3).equals(List.of("ip", "netns", "exec"))) {
            return List.of("nsenter", "--net=/run/netns/" + namespaceExec.get(3), "--");
        }
        return namespaceExec;
    }

    /** The command line that runs {@code starling SUBCOMMAND} in a JVM of the lab's own kind. */
    static List<String> starlingCommand(String subcommand) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.starling.node.cli.StarlingCommand",
                subcommand);
    }

    /** Starts the node again with the command line of its last start; the log continues. */
    void restart() throws IOException {
        if (lastStart == null) {
            throw new IllegalStateException(name + " never started");
        }
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        process = lastStart.start();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** GET an API path; null if the node does not answer (yet). */
    JsonNode get(String path) {
        return get(path, Duration.ZERO);
    }

    /**
     * GET an API path, asking again while the node runs but gives no answer, for up to {@code
     * patience}; null if there is still none, or the answer is an error status.
     */
    JsonNode get(String path, Duration patience) {
        // The API listens on a namespace link, beyond loopback, so reads need the token too.
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header(LocalApi.TOKEN_HEADER, apiToken())
                .GET()
                .build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                if (!isAlive() || System.nanoTime() >= deadline || !pause(Duration.ofMillis(250))) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** POST an API path with an empty JSON body; null if the node does not answer. */
    JsonNode post(String path, Duration timeout) {
        return post(path, "{}", timeout);
    }

    /** POST an API path with a JSON body; null if the node does not answer. */
    JsonNode post(String path, String body, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl() + path))
                .timeout(timeout)
                .header(LocalApi.TOKEN_HEADER, apiToken())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The token this node wrote for local clients; empty before it started. */
    String apiToken() {
        try {
            return dataDir == null
                    ? ""
                    : Files.readString(dataDir.resolve(LocalApi.TOKEN_FILE)).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode send(HttpRequest request) {
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode answer(HttpResponse<String> response) throws IOException {
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: Java's forcible destroy; `ip netns exec` execs the JVM, so this is the node itself. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #stop(Duration)} with the 15 s a node needs at most to leave its room cleanly. */
    int stop() {
        return stop(DEFAULT_GRACE);
    }

    /**
     * Asks politely (SIGTERM, so the node says goodbye and tears its links down), then insists
     * (SIGKILL) once {@code grace} has passed, like {@code docker stop --time}.
     *
     * @return the exit code, or -1 if the process had to be killed
     */
    int stop(Duration grace) {
        return process == null ? -1 : stop(process, grace);
    }

    static int stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** Whether a service the lab started is up yet. */
    interface ReadyCheck {
        boolean ready() throws IOException;
    }

    /**
     * Waits until {@code ready} says so, polling every 100 ms; false if the process ended or
     * {@code timeout} passed first (the caller stops it and says why).
     */
    static boolean startedWithin(Process process, Duration timeout, ReadyCheck ready)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
