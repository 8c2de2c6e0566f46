package dev.starling.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.node.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the room on loopback with separate node processes: how long a 4th node takes to join,
 * one-way chat latency between processes, and leader failover after kill -9.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl node exec:exec@room-bench}.
 * Prints one JSON object on stdout; progress on stderr.
 */
public final class RoomBench {
    private static final String ROOM = "bench-room";
    private static final String PASSWORD = "bench password";
    private static final Pattern JOINED_IN = Pattern.compile("joined the room in (\\d+) ms");

    private final Path workDir;
    private final List<NodeProcess> nodes = new ArrayList<>();

    private RoomBench(Path workDir) {
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        int chatMessages = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path workDir = Files.createTempDirectory("starling-bench");
        RoomBench bench = new RoomBench(workDir);
        try {
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("cores", Runtime.getRuntime().availableProcessors());
            bench.joinFourthNode(result.putObject("join4th"));
            bench.chatLatency(result.putObject("chatLatency"), chatMessages);
            bench.failover(result.putObject("leaderFailover"), kills);
            System.out.println(
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } finally {
            bench.nodes.forEach(NodeProcess::close);
            try (var paths = Files.walk(workDir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private NodeProcess node(int index) {
        return new NodeProcess("bench" + index, "127.0.0." + (90 + index), 17_950, 18_950, workDir);
    }

    private void joinFourthNode(ObjectNode out) throws Exception {
        nodes.add(node(1).start(ROOM, PASSWORD, List.of()));
        waitFor(() -> members(nodes.get(0)) == 1, 60_000);
        for (int i = 2; i <= 3; i++) {
            nodes.add(node(i).start(ROOM, PASSWORD, List.of(nodes.get(0))));
        }
        waitFor(() -> nodes.stream().allMatch(n -> members(n) == 3), 60_000);
        long started = System.nanoTime();
        NodeProcess fourth = node(4).start(ROOM, PASSWORD, List.of(nodes.get(0)));
        nodes.add(fourth);
        waitFor(() -> nodes.stream().allMatch(n -> members(n) == 4), 60_000);
        long processToMemberMs = (System.nanoTime() - started) / 1_000_000;
        // The view is visible through the API a moment before the node logs its connect time.
        waitFor(() -> JOINED_IN.matcher(logOf(fourth)).find(), 10_000);
        Matcher m = JOINED_IN.matcher(logOf(fourth));
        out.put("processStartToMemberMs", processToMemberMs);
        out.put("connectMs", m.find() ? Long.parseLong(m.group(1)) : -1);
        log(
                "4th node: %d ms from process start until all 4 see it; JGroups connect %s ms",
                processToMemberMs, out.get("connectMs"));
    }

    private void chatLatency(ObjectNode out, int count) throws Exception {
        NodeProcess author = nodes.get(1);
        for (int i = 0; i < count; i++) {
            author.post("/api/chat", "{\"text\": \"bench " + i + "\"}");
            Thread.sleep(10);
        }
        NodeProcess reader = nodes.get(2);
        String authorId = author.peerId();
        waitFor(() -> linesBy(reader, authorId).size() >= count, 30_000);
        double[] micros = linesBy(reader, authorId).stream()
                .mapToDouble(l -> l.path("receivedAtMicros").asLong()
                        - l.path("sentAtMicros").asLong())
                .sorted()
                .toArray();
        out.put("samples", micros.length);
        out.put("p50Ms", percentile(micros, 50) / 1_000);
        out.put("p99Ms", percentile(micros, 99) / 1_000);
        out.put("maxMs", micros[micros.length - 1] / 1_000);
        log(
                "chat one-way latency over %d lines: p50 %.3f ms, p99 %.3f ms, max %.3f ms",
                micros.length,
                percentile(micros, 50) / 1_000,
                percentile(micros, 99) / 1_000,
                micros[micros.length - 1] / 1_000);
    }

    private void failover(ObjectNode out, int kills) throws Exception {
        double[] millis = new double[kills];
        for (int k = 0; k < kills; k++) {
            NodeProcess leader = leaderProcess();
            String leaderId = leader.peerId();
            List<NodeProcess> survivors = new ArrayList<>(nodes);
            survivors.remove(leader);
            leader.kill();
            long killed = System.nanoTime();
            waitFor(
                    () -> survivors.stream().allMatch(n -> {
                        JsonNode room = n.roomOrNull();
                        return room != null
                                && !room.path("leader").asText().equals(leaderId)
                                && room.path("members").size() == 3;
                    }),
                    30_000);
            millis[k] = (System.nanoTime() - killed) / 1e6;
            log("kill %d: new leader on all survivors after %.0f ms", k + 1, millis[k]);
            int index = nodes.indexOf(leader);
            NodeProcess restarted = new NodeProcess(leader.name, leader.host, leader.roomPort, leader.httpPort, workDir)
                    .start(ROOM, PASSWORD, survivors);
            nodes.set(index, restarted);
            waitFor(() -> nodes.stream().allMatch(n -> members(n) == 4), 60_000);
        }
        Arrays.sort(millis);
        out.put("kills", kills);
        out.put("p50Ms", percentile(millis, 50));
        out.put("maxMs", millis[millis.length - 1]);
        var all = out.putArray("allMs");
        for (double ms : millis) {
            all.add(Math.round(ms));
        }
    }

    private NodeProcess leaderProcess() throws Exception {
        String leaderId = nodes.get(0).get("/api/room").path("leader").asText();
        for (NodeProcess node : nodes) {
            if (node.peerId().equals(leaderId)) {
                return node;
            }
        }
        throw new IllegalStateException("leader " + leaderId + " is not one of ours");
    }

    private static List<JsonNode> linesBy(NodeProcess node, String author) {
        List<JsonNode> lines = new ArrayList<>();
        try {
            node.get("/api/chat").forEach(line -> {
                if (line.path("author").asText().equals(author)) {
                    lines.add(line);
                }
            });
        } catch (Exception e) {
            return List.of();
        }
        return lines;
    }

    private static String logOf(NodeProcess node) {
        try {
            return node.logText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static int members(NodeProcess node) {
        JsonNode room = node.roomOrNull();
        return room == null ? -1 : room.path("members").size();
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void waitFor(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
