package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * N node processes, each in its own network namespace, in one room with a generated password.
 *
 * <p>{@link #close()} always stops every process and removes every namespace, whether the run
 * ends normally, fails, or is interrupted (the command also calls it from a shutdown hook).
 */
public final class Lab implements AutoCloseable {
    /** How long {@link #get} asks a live node before giving up on it. */
    public static final Duration ANSWER_PATIENCE = Duration.ofSeconds(30);

    private static final String PASSWORD_ENV = "STARLING_LAB_PASSWORD";
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final CommandRunner runner;
    private final int peers;
    private final String media;
    private final PrintStream progress;
    private final List<String> nodeOptions;
    private final java.util.Map<Integer, List<String>> ownOptions = new java.util.HashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // Copy-on-write: close() may run from a shutdown hook while start() is still adding nodes.
    private final List<LabNode> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private LabHosts network;
    /** Each node's inbound video frames per link when the measured window began. */
    private final Map<LabNode, ReceivedCounts> countsAtReset = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<LoopbackForwarder> forwarders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private java.util.function.IntFunction<LabHosts> hostsFactory;
    private boolean turnRelay;
    private java.util.Set<Integer> relayOnlyNodes = java.util.Set.of();
    private LabTurnServer turn;
    private List<LabSite> sites;
    private List<PeerProfile> profiles;
    private CpuShares cpuShares;
    private LabRendezvous rendezvous;
    private LabNetwork bridgeNetwork;
    private Path workDir;
    private boolean realtimeThreads;

    public Lab(CommandRunner runner, int peers, String media, PrintStream progress) {
        this(runner, peers, media, List.of(), progress);
    }

    /** @param nodeOptions extra {@code join} options every node gets, e.g. {@code --mixers 2} */
    public Lab(CommandRunner runner, int peers, String media, List<String> nodeOptions, PrintStream progress) {
        this.nodeOptions = List.copyOf(nodeOptions);
        this.runner = runner;
        this.peers = peers;
        this.media = media;
        this.progress = progress;
    }

    /** Runs the nodes on other hosts than the default bridge network (the chaos fabric); call before {@link #start}. */
    public Lab useHosts(java.util.function.IntFunction<LabHosts> factory) {
        this.hostsFactory = factory;
        return this;
    }

    /** Options for node {@code index} (1-based) alone, after the ones every node gets; call before {@link #start}. */
    public Lab nodeOptions(int index, List<String> options) {
        ownOptions.put(index, List.copyOf(options));
        return this;
    }

    /**
     * Runs a TURN server for the lab (coturn, see {@link LabTurnServer}) and has every node send
     * its media through it only; the bridge network only. Call before {@link #start}.
     */
    public Lab relayMediaThroughTurn(java.util.Set<Integer> relayOnlyNodes) {
        this.turnRelay = true;
        this.relayOnlyNodes = java.util.Set.copyOf(relayOnlyNodes);
        return this;
    }

    /**
     * Puts node K at {@code sites[K-1]} (public, or behind a cone or symmetric NAT) on the bridge
     * network. The lab then also runs, on its "internet", a STUN/TURN server and a rendezvous, and
     * every node joins by one invite (from {@code starling invite}) naming them. Call before {@link #start}.
     */
    public Lab atSites(List<LabSite> sites) {
        if (sites.size() != peers) {
            throw new IllegalArgumentException(sites.size() + " sites for " + peers + " peers");
        }
        this.sites = List.copyOf(sites);
        return this;
    }

    /**
     * Gives node K the device and network of {@code profiles[K-1]}: its CPU share (cgroups) and, on
     * the bridge lab, its uplink and downlink rates (tbf). On the chaos fabric ({@link #useHosts})
     * the caller sets the links' faults from the profiles ({@code ProfileLinks}).
     */
    public Lab withProfiles(List<PeerProfile> profiles) {
        if (profiles.size() != peers) {
            throw new IllegalArgumentException(profiles.size() + " profiles for " + peers + " peers");
        }
        this.profiles = List.copyOf(profiles);
        return this;
    }

    /**
     * Lets libwebrtc give its threads real-time priority in every node, as it does in a node run as
     * root (see {@link LabNode#WITHOUT_REALTIME_SCHEDULING}); call before {@link #start}.
     */
    public Lab allowRealtimeThreads() {
        this.realtimeThreads = true;
        return this;
    }

    public void start() throws IOException, InterruptedException {
        workDir = Files.createTempDirectory("starling-lab-");
        if (turnRelay && hostsFactory != null) {
            throw new IllegalStateException("a TURN relay runs on the lab's bridge network only");
        }
        if (sites != null && (hostsFactory != null || turnRelay)) {
            throw new IllegalStateException("sites bring their own network and TURN server");
        }
        java.util.Map<String, String> relayEnvironment = java.util.Map.of();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getEncoder().encodeToString(secret);
        List<String> wayIn;
        if (hostsFactory != null) {
            network = hostsFactory.apply(peers);
        } else {
            LabNetwork bridge = sites == null ? LabNetwork.create(runner, peers) : LabNetwork.create(runner, sites);
            network = LabHosts.bridge(bridge);
            bridgeNetwork = bridge;
            if (turnRelay || sites != null) {
                turn = LabTurnServer.start(bridge.execInBridge(), bridge.addBridgeHost(), workDir);
                relayEnvironment = java.util.Map.of(LabTurnServer.SECRET_ENV, turn.secret());
            }
            if (sites != null) {
                rendezvous = LabRendezvous.start(
                        bridge.execInBridge(), bridge.addBridgeHost(), workDir.resolve("rendezvous.log"));
            }
        }
        if (profiles != null) {
            applyLinkProfiles();
        }
        String roomId = "lab-" + network.id();
        if (sites != null) {
            wayIn = List.of("--invite", invite(roomId));
        } else {
            wayIn = List.of("--room", roomId, "--peer", network.roomAddress(1) + ":" + LabNode.ROOM_PORT);
        }
        for (int i = 1; i <= peers; i++) {
            LabNode node = new LabNode(
                    i,
                    // A node's profile is in its name, so the view and the room show it.
                    profiles == null
                            ? network.nodeName(i)
                            : network.nodeName(i) + "-" + profiles.get(i - 1).name(),
                    network.roomAddress(i),
                    network.apiBindAddress(i),
                    network.apiAddress(i),
                    workDir.resolve("peer" + i + ".log"),
                    http,
                    json);
            List<String> options = new java.util.ArrayList<>(nodeOptions);
            if (sites != null) {
                options.addAll(turn.credentialOptions());
                if (sites.get(i - 1) == LabSite.SYMMETRIC) {
                    // As docs/nat.md advises behind a symmetric NAT: its STUN mapping is good for
                    // the STUN server only, so the relay is the one path every peer can use.
                    options.add("--ice-relay-only");
                }
            } else if (turn != null) {
                options.addAll(turn.nodeOptions(relayOnlyNodes.contains(i)));
            }
            options.addAll(ownOptions.getOrDefault(i, List.of()));
            node.start(
                    network.execIn(i),
                    wayIn,
                    PASSWORD_ENV,
                    password,
                    workDir.resolve("peer" + i),
                    // The lab measures: page media carries its latency markers too.
                    media.equals("browser") ? "browser+markers" : media,
                    options,
                    relayEnvironment,
                    realtimeThreads);
            nodes.add(node);
            if (profiles != null && profiles.get(i - 1).cpuCores() > 0) {
                cpuShares().place("peer" + i, node.pid());
            }
            // One at a time: each node joins the room the previous ones formed. Started together,
            // they would form rooms of their own on a busy machine (media starts at once and
            // starves the JVMs) and then spend a long time merging.
            int expected = i;
            awaitAll(JOIN_TIMEOUT, n -> n != node || members(n) >= expected);
            // The device's CPU share holds from the moment the node is in the room: what the lab
            // measures is the call, and a JVM starting on a quarter core made a 6-node lab take
            // 100 s to form.
            if (profiles != null && profiles.get(i - 1).cpuCores() > 0) {
                cpuShares().cap("peer" + i, profiles.get(i - 1).cpuCores());
            }
        }
        progress.printf(
                "lab %s: %d nodes, first namespace %s, logs in %s%n",
                network.id(), peers, network.execIn(1).get(network.execIn(1).size() - 1), workDir);
    }

    /** On the bridge lab: the profiles' rates. Other hosts (the chaos fabric) carry the profiles' links themselves. */
    private void applyLinkProfiles() {
        if (bridgeNetwork == null) {
            return;
        }
        java.util.Set<String> unapplied = new java.util.TreeSet<>();
        for (int i = 1; i <= peers; i++) {
            PeerProfile profile = profiles.get(i - 1);
            bridgeNetwork.shape(i, profile.uplinkKbps(), profile.downlinkKbps());
            if (profile.impairsLink()) {
                unapplied.add(profile.name());
            }
        }
        if (!unapplied.isEmpty()) {
            progress.println("note: the delay, jitter and loss of " + unapplied + " are not applied on the bridge lab,"
                    + " which shapes rates only (tbf) (docs/chaos.md#peer-profiles)");
        }
    }

    private CpuShares cpuShares() {
        if (cpuShares == null) {
            cpuShares = CpuShares.detect(Path.of("/sys/fs/cgroup"), network.id())
                    .orElseThrow(() -> new IllegalStateException(
                            "no cgroup CPU controller under /sys/fs/cgroup: cannot give nodes a CPU share"));
        }
        return cpuShares;
    }

    /** The lab's TURN server's URL, if it runs one ({@link #relayMediaThroughTurn}, {@link #atSites}). */
    public java.util.Optional<String> turnUrl() {
        return java.util.Optional.ofNullable(turn).map(LabTurnServer::turnUrl);
    }

    /** What {@code starling invite} prints for this lab's room, rendezvous and STUN/TURN server: its link. */
    private String invite(String roomId) {
        List<String> command = new java.util.ArrayList<>(LabNode.starlingCommand("invite"));
        command.addAll(List.of(
                "--room",
                roomId,
                "--rendezvous",
                rendezvous.hostPort(),
                "--stun",
                turn.stunUrl(),
                "--turn",
                turn.turnUrl()));
        CommandResult result = runner.run(command, Duration.ofSeconds(60));
        String output = result.output();
        if (!result.ok() || !output.startsWith("starling://")) {
            throw new IllegalStateException("starling invite failed: " + output.strip());
        }
        return output.lines().findFirst().orElseThrow();
    }

    /**
     * Cuts node {@code index} off the lab's network ({@code up} false) or plugs it back in; its own
     * interfaces and addresses stay. The bridge network only.
     */
    public void setUplink(int index, boolean up) {
        if (bridgeNetwork == null) {
            throw new IllegalStateException("uplinks are cut on the lab's bridge network only");
        }
        bridgeNetwork.setLink(index, up);
    }

    /**
     * Gives node {@code index}'s NAT site a new public address ({@link LabNetwork#renumberSite}):
     * to its peers, the node's address changed. The lab follows it to the node's API.
     */
    public void renumberSite(int index) {
        if (bridgeNetwork == null || sites == null) {
            throw new IllegalStateException("only a lab with sites renumbers one");
        }
        nodes.get(index - 1).reachAt(bridgeNetwork.renumberSite(index));
    }

    /**
     * Each node's call page, reachable from this machine's browser at a loopback address (a page
     * needs a secure context for the camera and microphone); opened on first call.
     */
    public List<String> callUrls() throws IOException {
        List<String> urls = new java.util.ArrayList<>();
        for (LabNode node : nodes) {
            String loopback = LoopbackForwarder.loopbackFor(node.index());
            if (forwarders.size() < node.index()) {
                forwarders.add(new LoopbackForwarder(
                        loopback, LabNode.HTTP_PORT, new InetSocketAddress(node.apiAddress(), LabNode.HTTP_PORT)));
            }
            urls.add("http://" + loopback + ":" + LabNode.HTTP_PORT + "/call?token=" + node.apiToken());
        }
        return urls;
    }

    public List<String> apiUrls() {
        return nodes.stream().map(LabNode::apiUrl).toList();
    }

    /** Each node's live view, with the token its page needs; opened once, the browser keeps it. */
    public List<String> viewUrls() {
        return nodes.stream().map(LabNode::viewUrl).toList();
    }

    /** Waits until every node sees all N members; false on timeout or if a node died. */
    public boolean awaitRoom(Duration timeout) throws InterruptedException {
        return awaitAll(timeout, node -> members(node) == peers);
    }

    private static int members(LabNode node) {
        JsonNode room = node.get("/api/room");
        return room == null ? -1 : room.path("members").size();
    }

    /** Waits until every node receives audio markers and video stamps from every other node. */
    public boolean awaitMedia(Duration timeout) throws InterruptedException {
        return awaitAll(timeout, node -> {
            JsonNode latency = node.get("/api/latency");
            if (latency == null || latency.path("pairs").size() < peers - 1) {
                return false;
            }
            for (JsonNode pair : latency.path("pairs")) {
                if (pair.path("audio").path("samples").asLong() == 0
                        || pair.path("video").path("frames").asLong() == 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Waits until every live node has adopted an election with {@code mixers} mixers that places
     * every member it sees and that all live nodes share (same number and mixers); false on timeout.
     */
    public boolean awaitElection(int mixers, Duration timeout) throws InterruptedException {
        return awaitElection(mixers, 0, timeout);
    }

    /** As {@link #awaitElection(int, Duration)}, for an election numbered above {@code afterNumber}. */
    public boolean awaitElection(int mixers, long afterNumber, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            boolean ready = true;
            for (LabNode node : nodes) {
                if (!node.isAlive()) {
                    continue;
                }
                JsonNode e = node.get("/api/election");
                JsonNode room = node.get("/api/room");
                if (e == null
                        || room == null
                        || e.path("number").asLong() <= afterNumber
                        || e.path("mixers").size() != mixers
                        || e.path("mixers").size() + e.path("assignment").size()
                                != room.path("members").size()) {
                    ready = false;
                    break;
                }
                seen.add(e.path("number").asLong() + " " + e.path("mixers"));
            }
            if (ready && seen.size() == 1) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private boolean awaitAll(Duration timeout, Predicate<LabNode> ready) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (nodes.stream().anyMatch(n -> !n.isAlive())) {
                return false;
            }
            if (nodes.stream().allMatch(ready)) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Collects every node's view of the room, its latencies and metrics, into the lab's result object. */
    public ObjectNode report(int seconds) {
        ObjectNode lab = json.createObjectNode();
        lab.put("id", network.id());
        lab.put("peers", peers);
        lab.put("media", media);
        lab.put("seconds", seconds);
        if (sites != null) {
            ObjectNode at = lab.putObject("sites");
            for (LabNode node : nodes) {
                at.put(node.name(), sites.get(node.index() - 1).label());
            }
        }
        if (profiles != null) {
            ObjectNode of = lab.putObject("profiles");
            for (LabNode node : nodes) {
                of.put(node.name(), profiles.get(node.index() - 1).name());
            }
        }
        // Every node's latencies at once, before anything else: read one after the other, a slow
        // node's window would grow by the time the reads before it took (on starved nodes,
        // seconds each), and with it its frame counts.
        Map<LabNode, JsonNode> latencies = new java.util.concurrent.ConcurrentHashMap<>();
        Map<LabNode, JsonNode> medias = new java.util.concurrent.ConcurrentHashMap<>();
        Map<LabNode, ReceivedCounts> countsNow = new java.util.concurrent.ConcurrentHashMap<>();
        atOnce(nodes, node -> {
            latencies.put(node, orEmpty(node.get("/api/latency")));
            JsonNode media = orEmpty(node.get("/api/media"));
            medias.put(node, media);
            countsNow.put(node, ReceivedCounts.of(media));
        });
        Map<String, LatencyReport.NodeState> states = new LinkedHashMap<>();
        for (LabNode node : nodes) {
            states.put(
                    node.name(),
                    new LatencyReport.NodeState(
                            node.apiUrl(),
                            orEmpty(node.get("/api/room")),
                            latencies.getOrDefault(node, json.createObjectNode()),
                            orEmpty(node.get("/api/metrics")),
                            orEmpty(node.get("/api/election")),
                            medias.getOrDefault(node, json.createObjectNode())));
        }
        ObjectNode result = new LatencyReport(json).build(lab, states);
        Map<String, LabNode> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        for (JsonNode entry : result.path("nodes")) {
            LabNode node = byName.get(entry.path("name").asText());
            ReceivedCounts now = node == null ? null : countsNow.get(node);
            if (now != null) {
                ObjectNode fps = ((ObjectNode) entry).putObject("received_fps");
                now.fpsSince(countsAtReset.get(node)).forEach(fps::put);
                ObjectNode playout = ((ObjectNode) entry).putObject("playout_hz");
                now.playoutHzSince(countsAtReset.get(node)).forEach(playout::put);
            }
            if (profiles != null) {
                ((ObjectNode) entry)
                        .put(
                                "profile",
                                lab.path("profiles")
                                        .path(entry.path("name").asText())
                                        .asText());
            }
        }
        return result;
    }

    /** Clears every live node's latency histograms: the report then covers the steady state from here on. */
    public void resetLatencies() {
        atOnce(nodes.stream().filter(LabNode::isAlive).toList(), node -> {
            node.post("/api/latency/reset", Duration.ofSeconds(5));
            countsAtReset.put(node, ReceivedCounts.of(orEmpty(node.get("/api/media"))));
        });
    }

    /**
     * {@code start} or {@code stop} every live node's flame graph recording, at once (the nodes run
     * with {@code --flame-graph-dir}); each node's answer by name, or null where it gave none.
     */
    public Map<String, JsonNode> flameGraphs(String action) {
        Map<String, JsonNode> answers = new java.util.concurrent.ConcurrentSkipListMap<>();
        String body = json.createObjectNode().put("action", action).toString();
        atOnce(nodes.stream().filter(LabNode::isAlive).toList(), node -> {
            JsonNode answer = node.post("/api/profile", body, Duration.ofSeconds(30));
            answers.put(node.name(), answer == null ? json.nullNode() : answer);
        });
        return answers;
    }

    /** Runs {@code call} on every node at the same time and returns when all are done. */
    private static void atOnce(List<LabNode> of, java.util.function.Consumer<LabNode> call) {
        List<Thread> calls = new java.util.ArrayList<>();
        for (LabNode node : of) {
            Thread t = new Thread(() -> call.accept(node), "lab-call-" + node.name());
            t.start();
            calls.add(t);
        }
        for (Thread t : calls) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The number of the election the first live node has adopted, 0 if none. */
    public long electionNumber() {
        for (LabNode node : nodes) {
            JsonNode election = node.isAlive() ? node.get("/api/election") : null;
            if (election != null) {
                return election.path("number").asLong();
            }
        }
        return 0;
    }

    public int liveNodes() {
        return (int) nodes.stream().filter(LabNode::isAlive).count();
    }

    /** A mixer this lab killed, and when (wall clock, shared by every namespace). */
    public record KilledMixer(String peer, String name, long atMillis) {}

    /** Kills the best-ranked mixer of the adopted election with SIGKILL; empty if no node reports one. */
    public java.util.Optional<KilledMixer> killMixer() {
        for (LabNode reporter : nodes) {
            JsonNode election = reporter.isAlive() ? reporter.get("/api/election") : null;
            if (election == null || election.path("mixers").isEmpty()) {
                continue;
            }
            String mixer = election.path("mixers").get(0).asText();
            for (LabNode node : nodes) {
                JsonNode room = node.isAlive() ? node.get("/api/room") : null;
                if (room != null && mixer.equals(room.path("self").path("id").asText())) {
                    long at = System.currentTimeMillis();
                    node.kill();
                    return java.util.Optional.of(new KilledMixer(mixer, node.name(), at));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Each surviving node's audio gap after a mixer was killed (see {@link FailoverReport}). */
    public ObjectNode failoverReport(KilledMixer killed) {
        ObjectNode report = gapReport(killed.peer(), killed.atMillis());
        report.put("killed", killed.peer());
        report.put("killed_at_ms", killed.atMillis());
        return report;
    }

    /** Each live node's longest audio gap per origin since {@code sinceMillis}, ignoring {@code excludedOrigin}. */
    public ObjectNode gapReport(String excludedOrigin, long sinceMillis) {
        Map<String, JsonNode> latencies = new LinkedHashMap<>();
        Map<String, String> roles = new LinkedHashMap<>();
        for (LabNode node : nodes) {
            if (node.isAlive()) {
                JsonNode room = orEmpty(node.get("/api/room"));
                String self = room.path("self").path("id").asText();
                latencies.put(self, orEmpty(node.get("/api/latency")));
                for (JsonNode m : room.path("members")) {
                    if (m.path("id").asText().equals(self)) {
                        roles.put(self, m.path("role").asText());
                    }
                }
            }
        }
        return FailoverReport.build(json, excludedOrigin, sinceMillis, System.currentTimeMillis(), latencies, roles);
    }

    /** When the last route switch began on any live node (epoch ms), or 0 if none switched. */
    public long lastRouteSwitchMillis() {
        long first = Long.MAX_VALUE;
        for (LabNode node : nodes) {
            JsonNode switches = node.isAlive()
                    ? orEmpty(node.get("/api/media")).path("routes").path("switches")
                    : null;
            if (switches != null && !switches.isEmpty()) {
                first = Math.min(
                        first,
                        switches.get(switches.size() - 1).path("atMillis").asLong());
            }
        }
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /**
     * GET from node {@code index} (1-based). A node that is running but too busy to answer in time
     * (six media processes on two cores can be) is asked again for up to {@link #ANSWER_PATIENCE};
     * null if it is not running, does not answer by then, or answers with an error status.
     */
    public JsonNode get(int index, String path) {
        return nodes.get(index - 1).get(path, ANSWER_PATIENCE);
    }

    /** The API token node {@code index} (1-based) wrote for local clients. */
    public String apiToken(int index) {
        return nodes.get(index - 1).apiToken();
    }

    /** POST to node {@code index} (1-based); null if it does not answer. */
    public JsonNode post(int index, String path, Duration timeout) {
        return nodes.get(index - 1).post(path, timeout);
    }

    /** Stops node {@code index} cleanly; returns its exit code (-1 if it had to be killed). */
    public int stopNode(int index) {
        return nodes.get(index - 1).stop();
    }

    /** Sends node {@code index} SIGTERM, and SIGKILL if it has not exited after {@code grace}. */
    public int stopNode(int index, Duration grace) {
        return nodes.get(index - 1).stop(grace);
    }

    /** Kills node {@code index} with SIGKILL: a crash, no goodbye, no cleanup. */
    public void killNode(int index) {
        nodes.get(index - 1).kill();
    }

    /** Process id of node {@code index} (1-based); -1 before it started. */
    public long pid(int index) {
        return nodes.get(index - 1).pid();
    }

    public boolean isAlive(int index) {
        return nodes.get(index - 1).isAlive();
    }

    /** Starts node {@code index} again with its original command line (after a kill or stop). */
    public void restartNode(int index) throws IOException {
        nodes.get(index - 1).restart();
    }

    /** Last lines of every node's log, for diagnosing a failed run. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (LabNode node : nodes) {
            try {
                List<String> all = Files.readAllLines(node.log());
                out.append("--- ").append(node.name()).append(" ---\n");
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("--- ")
                        .append(node.name())
                        .append(": no log (")
                        .append(e.getMessage())
                        .append(")\n");
            }
        }
        return out.toString();
    }

    private JsonNode orEmpty(JsonNode node) {
        return node == null ? json.createObjectNode() : node;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        forwarders.forEach(LoopbackForwarder::close);
        nodes.parallelStream().forEach(LabNode::stop);
        if (cpuShares != null) {
            cpuShares.close();
        }
        if (rendezvous != null) {
            rendezvous.close();
        }
        if (turn != null) {
            turn.close();
        }
        if (network != null) {
            network.close();
        }
        if (workDir != null) {
            try (var paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                progress.println("could not remove " + workDir + ": " + e.getMessage());
            }
        }
        progress.println("lab stopped; namespaces and processes removed");
    }
}
