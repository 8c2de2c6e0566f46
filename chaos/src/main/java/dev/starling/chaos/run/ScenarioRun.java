package dev.starling.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.network.ImpairedNetwork;
import dev.starling.chaos.scenario.Fault;
import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Measure;
import dev.starling.chaos.scenario.Media;
import dev.starling.chaos.scenario.Peer;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.Target;
import dev.starling.chaos.lab.Lab;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario on a {@link ChaosBackend}: the scenario's nodes as a {@link Lab} in the
 * backend's namespaces, the timeline's faults applied on time, the marker path's latency polled
 * live and summarised over the scenario's window.
 *
 * <p>Cleanup: the lab and its network are closed in {@code finally} and by a shutdown hook (Ctrl-C,
 * SIGTERM); a SIGKILLed run's namespaces are removed by the next run's stale sweep
 * ({@link ChaosBackend#sweepStale}), and its node processes die with their namespaces.
 */
public final class ScenarioRun implements AutoCloseable {
    private static final long POLL_MILLIS = 250;
    // 6-7 media JVMs starting at once on 2 cores took longer than 120 s here (load 46)
    private static final Duration ROOM_TIMEOUT = Duration.ofSeconds(240);
    /** A fresh room first runs this long, then until its marker latency settles, at most {@link #SETTLE_MAX}. */
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(5);
    private static final Duration SETTLE_MAX = Duration.ofSeconds(90);
    static final String LIGHT_VIDEO = "192x144@5"; // the smallest frame that still holds a stamp

    private final CommandRunner runner;
    private final ChaosBackend backend;
    private final PrintStream log;
    private final ProgressLine progress;
    private Stage stage;

    /**
     * A started room on the backend's network. Consecutive scenarios with the same nodes and node
     * options and no process faults share one: starting 2-7 nodes, their media and an election
     * costs minutes here, a scenario 30 s. Each scenario still measures only its own window.
     */
    private static final class Stage {
        final String key;
        final Lab lab;
        final Thread hook;
        ChaosBackend.Network network;
        boolean reusable;

        Stage(String key, Lab lab) {
            this.key = key;
            this.lab = lab;
            this.hook = new Thread(this::close, "chaos-run-cleanup");
        }

        void close() {
            try {
                lab.close();
            } finally {
                if (network != null) network.hosts().close(); // also kills whatever still runs in its namespaces
            }
        }
    }

    public ScenarioRun(CommandRunner runner, ChaosBackend backend, PrintStream log, ProgressLine progress) {
        this.runner = runner;
        this.backend = backend;
        this.log = log;
        this.progress = progress;
    }

    /** The node options every node of a scenario starts with. */
    static List<String> nodeOptions(Scenario scenario) {
        List<String> options = new ArrayList<>();
        int mixers = scenario.mixers().count();
        if (mixers > 0) options.addAll(List.of("--mixers", Integer.toString(mixers)));
        Media media = scenario.media();
        options.addAll(List.of("--audio-bitrate", Long.toString(media.audioBitsPerSecond())));
        if (media.video()) {
            options.addAll(List.of("--video-bitrate", Long.toString(media.videoBitsPerSecond())));
        } else {
            // The node has no audio-only mode: a scenario without video gets the smallest synthetic
            // video (its stamps still let the lab see media flowing), so that N encoders on a shared
            // machine do not turn CPU starvation into audio latency.
            options.addAll(List.of("--video", LIGHT_VIDEO));
        }
        return options;
    }

    /**
     * A scenario names its mixers (added {@code mixer-K} nodes or forced ids); everyone else runs
     * with {@code --no-mixer-candidate}, so the room elects exactly those and the markers between
     * two clients cross mixers, as the seed's test plan means them to.
     */
    static Map<Integer, List<String>> nodeOwnOptions(Scenario scenario) {
        Map<Integer, List<String>> options = new LinkedHashMap<>();
        if (scenario.mixers().count() == 0) return options;
        List<Peer> nodes = scenario.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).role() != Role.MIXER) options.put(i + 1, List.of("--no-mixer-candidate"));
        }
        return options;
    }

    /**
     * Scenarios with equal keys can run one after the other in the same room; a scenario with
     * process faults or partitions (which change the room itself) gets a key of its own.
     */
    public static String shareKey(Scenario scenario) {
        boolean changesRoom = scenario.faults().stream()
                .anyMatch(f -> f.action() instanceof FaultAction.Process || f.action() instanceof FaultAction.Partition);
        if (changesRoom) return "own:" + scenario.name();
        return scenario.nodes().stream().map(p -> p.id() + "/" + p.role()).toList() + " " + nodeOptions(scenario)
                + " seed " + scenario.seed();
    }

    /** Runs the scenario to its end; failures are reported in the result's status, never thrown. */
    public ScenarioResult run(Scenario scenario, String label, String profile) throws InterruptedException {
        List<String> names = scenario.nodes().stream().map(Peer::id).toList();
        Recorder rec = new Recorder(scenario, label, profile, names);
        String key = shareKey(scenario);
        if (stage != null && !(stage.reusable && stage.key.equals(key))) closeStage();
        ExecutorService processes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chaos-process-fault");
            t.setDaemon(true);
            return t;
        });
        boolean keep = false;
        try {
            if (stage == null) {
                String problem = startStage(scenario, key, names, rec);
                if (problem != null) return rec.failed(problem, stage.lab);
            } else {
                resumeStage(scenario);
            }
            execute(scenario, stage.lab, stage.network.impairments(), rec, processes);
            ScenarioResult result = rec.finish(stage.lab);
            keep = result.ok() && !key.startsWith("own:");
            return result;
        } catch (java.io.IOException | RuntimeException e) {
            return rec.failed(e.getMessage() == null ? e.toString() : e.getMessage(), stage == null ? null : stage.lab);
        } finally {
            processes.shutdownNow();
            processes.awaitTermination(20, TimeUnit.SECONDS);
            if (stage != null) stage.reusable = keep;
            if (!keep) closeStage();
        }
    }

    /** Builds the network, starts the nodes and waits for room, media and election; null, or why the room failed. */
    private String startStage(Scenario scenario, String key, List<String> names, Recorder rec) throws java.io.IOException, InterruptedException {
        List<String> stale = backend.sweepStale();
        if (!stale.isEmpty()) log.println("removed namespaces of killed chaos runs: " + stale);
        stage = new Stage(key, new Lab(runner, names.size(), "synthetic", nodeOptions(scenario), log));
        nodeOwnOptions(scenario).forEach(stage.lab::nodeOptions);
        Runtime.getRuntime().addShutdownHook(stage.hook);
        stage.network = backend.build(names, scenario.seed());
        Stage s = stage;
        s.lab.useHosts(n -> s.network.hosts());
        progress.phase(scenario.name(), "starting " + names.size() + " nodes");
        s.lab.start();
        if (!s.lab.awaitRoom(ROOM_TIMEOUT)) return "room did not form within " + ROOM_TIMEOUT.toSeconds() + " s, or a node exited";
        awaitMediaAndElection(scenario, Duration.ofSeconds(60));
        settle(scenario, rec);
        return null;
    }

    /**
     * Starting N JVMs starves the CPU, and the receivers' jitter buffers grow to match; they
     * shrink again only over seconds. Without this the first scenario of every room (the clean
     * profile) would measure the start-up, not its network (see {@link JitterSettling}).
     */
    private void settle(Scenario scenario, Recorder rec) throws InterruptedException {
        progress.phase(scenario.name(), "letting jitter buffers settle (" + WARM_UP.toSeconds() + "-"
                + SETTLE_MAX.toSeconds() + " s)");
        long start = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(WARM_UP.toMillis());
        rec.readRoles(stage.lab);   // learns the nodes' ids, which the marker pair is looked up by
        JitterSettling settling = JitterSettling.standard();
        Map<Integer, Long> before = rec.histogram(stage.lab);
        while (System.nanoTime() - start < SETTLE_MAX.toNanos()) {
            TimeUnit.MILLISECONDS.sleep(SETTLE_WINDOW.toMillis());
            Map<Integer, Long> now = rec.histogram(stage.lab);
            LatencyDistribution window = LatencyDistribution.restarted(before, now)
                    ? LatencyDistribution.of(now) : LatencyDistribution.between(before, now);
            before = now;
            double p50 = window.percentile(0.5);
            if (settling.window(p50, window.count())) {
                log.printf("settled after %d s at p50 %.0f ms%n", (System.nanoTime() - start) / 1_000_000_000L, p50);
                return;
            }
        }
        log.println("warning: latency still moving after " + SETTLE_MAX.toSeconds() + " s; measuring anyway");
    }

    /** The previous scenario's room goes on: only checks that media flows and the election holds. */
    private void resumeStage(Scenario scenario) throws InterruptedException {
        progress.phase(scenario.name(), "same room as the previous scenario");
        awaitMediaAndElection(scenario, Duration.ofSeconds(20));
    }

    /** Media and election that do not arrive in time are warnings: the scenario measures what there is. */
    private void awaitMediaAndElection(Scenario scenario, Duration mediaTimeout) throws InterruptedException {
        progress.phase(scenario.name(), "waiting for media");
        if (!stage.lab.awaitMedia(mediaTimeout)) log.println("warning: not every pair receives media yet");
        int mixers = scenario.mixers().count();
        if (mixers > 0) {
            progress.phase(scenario.name(), "electing " + mixers + " mixer(s)");
            if (!stage.lab.awaitElection(mixers, Duration.ofSeconds(90))) log.println("warning: no agreed election of " + mixers + " mixers");
        }
    }

    private void closeStage() {
        Stage s = stage;
        stage = null;
        if (s == null) return;
        s.close();
        if (s.network != null) s.network.impairments().errors().forEach(e -> log.println(backend.name() + ": " + e));
        try {
            Runtime.getRuntime().removeShutdownHook(s.hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran; it closed everything
        }
    }

    /** Stops the room kept for a following scenario, if any. */
    @Override
    public void close() {
        closeStage();
    }

    private void execute(Scenario scenario, Lab lab, ImpairedNetwork network, Recorder rec, ExecutorService processes)
            throws InterruptedException {
        RoomRoles roles = rec.readRoles(lab);
        FaultSchedule schedule = new FaultSchedule(roles.applyTo(scenario));
        rec.begin(lab, roles);
        Timeline timeline = new Timeline(scenario);
        Map<Fault, List<String>> hit = new HashMap<>();
        long t0 = System.nanoTime();
        long durationMs = scenario.duration().toMillis();
        Duration recoverFrom = Timeline.lastDisruptionEnd(scenario);
        long nextLive = 1000;
        for (long tick = 0; ; tick++) {
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (elapsed >= durationMs) break;
            for (Timeline.Event e : timeline.due(Duration.ofMillis(elapsed))) {
                if (e.kind() == Timeline.Kind.NETWORK) {
                    network.apply(schedule, e.at(), roles.leaders());
                    rec.event(e.at(), "network: " + describeNetwork(scenario, e.at()));
                } else {
                    if (e.fault().target() instanceof Target.Nodes t && t.roles().contains(dev.starling.chaos.scenario.Role.LEADER)) {
                        roles = rec.readRoles(lab); // the leader is whoever leads now
                    }
                    fireProcess(e, lab, rec, roles, hit, processes);
                }
            }
            rec.poll(lab, elapsed);
            if (!recoverFrom.isZero() && elapsed >= recoverFrom.toMillis()) rec.checkRecovery(lab, elapsed, recoverFrom.toMillis());
            if (elapsed >= nextLive) {
                rec.liveMark(elapsed);
                nextLive += 1000;
                progress.running(scenario.name(), elapsed / 1000.0, durationMs / 1000.0, rec.lastLiveP50(), rec.samples());
            }
            long sleep = (tick + 1) * POLL_MILLIS - (System.nanoTime() - t0) / 1_000_000;
            if (sleep > 0) Thread.sleep(sleep);
        }
        // Whatever was still to end (a pause running past the scenario's end) ends now: no node stays stopped.
        for (Timeline.Event e : new ArrayList<>(timeline.remaining())) {
            if (e.kind() == Timeline.Kind.PROCESS_END) fireProcess(e, lab, rec, roles, hit, processes);
        }
        network.clear();
        progress.done();
    }

    private static String describeNetwork(Scenario scenario, Duration at) {
        List<String> active = new ArrayList<>();
        for (Fault f : scenario.faults()) {
            boolean on = f.start().compareTo(at) <= 0 && at.compareTo(f.end()) < 0;
            if (on && !(f.action() instanceof FaultAction.Process)) {
                active.add(f.action().keyword() + (f.action() instanceof FaultAction.Partition ? "" : " on " + TargetResolver.describe(f.target())));
            }
        }
        return active.isEmpty() ? "clean" : String.join(", ", active);
    }

    private void fireProcess(Timeline.Event e, Lab lab, Recorder rec, RoomRoles roles, Map<Fault, List<String>> hit,
                             ExecutorService processes) {
        Fault f = e.fault();
        List<String> targets = e.kind() == Timeline.Kind.PROCESS_START ? TargetResolver.nodes(f.target(), roles)
                : hit.getOrDefault(f, List.of());
        if (e.kind() == Timeline.Kind.PROCESS_START) hit.put(f, targets);
        rec.event(e.at(), e.describe() + " " + targets);
        for (String node : targets) {
            int index = roles.nodes().indexOf(node) + 1;
            processes.submit(() -> {
                try {
                    act(e, f.action(), lab, index);
                } catch (Exception ex) {
                    rec.event(e.at(), "failed on " + node + ": " + ex.getMessage());
                }
            });
        }
    }

    private void act(Timeline.Event e, FaultAction action, Lab lab, int index) throws java.io.IOException {
        boolean start = e.kind() == Timeline.Kind.PROCESS_START;
        if (action instanceof FaultAction.Pause) {
            signal(lab.pid(index), start ? "STOP" : "CONT");
        } else if (action instanceof FaultAction.Kill k) {
            if (!start) lab.restartNode(index);
            else if (k.signal().equals("SIGKILL")) lab.killNode(index);
            else signal(lab.pid(index), k.signal().replace("SIG", ""));
        } else if (action instanceof FaultAction.Stop s) {
            if (start) lab.stopNode(index, Duration.ofSeconds(s.graceSeconds())); else lab.restartNode(index);
        }
    }

    private void signal(long pid, String name) {
        if (pid <= 0) return;
        var r = runner.run(List.of("kill", "-s", name.toUpperCase(Locale.ROOT), Long.toString(pid)), Duration.ofSeconds(5));
        if (!r.ok()) throw new IllegalStateException("kill -s " + name + " " + pid + ": " + r.firstLine());
    }

    /** Everything measured during one run; filled by the run loop's thread only. */
    private final class Recorder {
        private final Scenario scenario;
        private final String label;
        private final String profile;
        private final List<String> names;
        private final String from;
        private final String to;
        private final List<String> events = new ArrayList<>();
        private final List<double[]> live = new ArrayList<>();
        private final AudioGapTracker gaps = new AudioGapTracker();
        private long started = System.nanoTime();
        private Map<String, String> idOf = new LinkedHashMap<>();
        private Map<Integer, Long> before = Map.of();
        private Map<Integer, Long> latest = Map.of();
        private Map<Integer, Long> liveBase = Map.of();
        private Map<Integer, Long> banked = Map.of();
        private Map<Integer, Long> liveBanked = Map.of();
        private Map<String, long[]> metricsBefore = Map.of();
        private long electionBefore;
        private Long recoveredMs;
        private boolean measuring;
        private double lastLiveP50 = Double.NaN;
        private long samples;
        private double clockOffset = Double.NaN;

        Recorder(Scenario scenario, String label, String profile, List<String> names) {
            this.scenario = scenario;
            this.label = label;
            this.profile = profile;
            this.names = names;
            Target.Link path = scenario.markerPath().orElse(new Target.Link(names.get(0), names.get(Math.min(1, names.size() - 1))));
            this.from = path.from();
            this.to = path.to();
        }

        RoomRoles readRoles(Lab lab) {
            Map<String, JsonNode> rooms = new HashMap<>(), elections = new HashMap<>();
            for (int i = 1; i <= names.size(); i++) {
                if (!lab.isAlive(i)) continue;
                JsonNode room = lab.get(i, "/api/room");
                JsonNode election = lab.get(i, "/api/election");
                if (room != null) {
                    rooms.put(names.get(i - 1), room);
                    idOf.put(names.get(i - 1), room.path("self").path("id").asText());
                }
                if (election != null) elections.put(names.get(i - 1), election);
            }
            return RoomRoles.fromApi(names, rooms, elections);
        }

        void begin(Lab lab, RoomRoles roles) {
            electionBefore = roles.election();
            before = histogram(lab);
            latest = before;
            liveBase = before;
            metricsBefore = inboundAudio(lab);
            measuring = true;
            started = System.nanoTime();
        }

        /** The marker path's latency histogram at the receiver now (empty if it has none). */
        Map<Integer, Long> histogram(Lab lab) {
            JsonNode pair = pair(lab);
            return pair == null ? Map.of() : LatencyDistribution.buckets(pair.path("audio").path("histogram"));
        }

        private JsonNode pair(Lab lab) {
            int receiver = names.indexOf(to) + 1;
            String fromId = idOf.get(from);
            if (fromId == null || !lab.isAlive(receiver)) return null;
            JsonNode latency = lab.get(receiver, "/api/latency");
            if (latency == null) return null;
            for (JsonNode p : latency.path("pairs")) {
                if (p.path("from").asText().equals(fromId)) return p;
            }
            return null;
        }

        /**
         * {packetsLost, concealedSamples} of the receiver's inbound audio on the link that carries
         * the sender's audio: from the sender in mesh, from the receiver's mixer otherwise (a track
         * nothing is sent on conceals all the time, so the sender's idle direct track would count
         * the whole window). The link is the one in force at the end of the window.
         */
        private long[] audioMetrics(Lab lab) {
            Map<String, long[]> byPeer = inboundAudio(lab);
            JsonNode pair = pair(lab);
            String via = pair != null && pair.path("via").isTextual() ? pair.path("via").asText() : idOf.get(from);
            long[] now = byPeer.getOrDefault(via, new long[] {0, 0});
            long[] then = metricsBefore.getOrDefault(via, new long[] {0, 0});
            return new long[] {Math.max(0, now[0] - then[0]), Math.max(0, now[1] - then[1])};
        }

        /** {packetsLost, concealedSamples} of each of the receiver's inbound audio links, by remote peer id. */
        private Map<String, long[]> inboundAudio(Lab lab) {
            Map<String, long[]> byPeer = new HashMap<>();
            int receiver = names.indexOf(to) + 1;
            JsonNode metrics = lab.isAlive(receiver) ? lab.get(receiver, "/api/metrics") : null;
            if (metrics == null) return byPeer;
            JsonNode own = metrics.path("reports").path(metrics.path("self").asText());
            for (JsonNode link : own.path("links")) {
                if (link.path("direction").asText().equals("inbound") && link.path("kind").asText().equals("audio")) {
                    byPeer.put(link.path("remotePeer").asText(),
                            new long[] {link.path("packetsLost").asLong(), link.path("concealedSamples").asLong()});
                }
            }
            return byPeer;
        }

        void poll(Lab lab, long elapsedMs) {
            JsonNode pair = pair(lab);
            if (pair == null) return;
            Map<Integer, Long> now = LatencyDistribution.buckets(pair.path("audio").path("histogram"));
            if (LatencyDistribution.restarted(latest, now)) {
                // The link was rebuilt (partition, restart): bank what the old histogram held since
                // the window began, and count the new one from zero.
                banked = LatencyDistribution.plus(banked, LatencyDistribution.between(before, latest).counts());
                liveBanked = LatencyDistribution.plus(liveBanked, LatencyDistribution.between(liveBase, latest).counts());
                before = Map.of();
                liveBase = Map.of();
            }
            latest = now;
            if (pair.path("clockOffset").has("offset_ms")) clockOffset = pair.path("clockOffset").path("offset_ms").asDouble();
            long count = pair.path("audio").path("samples").asLong();
            gaps.observe(elapsedMs, count);
            samples = window().count();
        }

        void liveMark(long elapsedMs) {
            LatencyDistribution last = LatencyDistribution.of(
                    LatencyDistribution.plus(liveBanked, LatencyDistribution.between(liveBase, latest).counts()));
            liveBanked = Map.of();
            lastLiveP50 = last.percentile(0.5);
            live.add(new double[] {elapsedMs / 1000.0, lastLiveP50});
            liveBase = latest;
        }

        void checkRecovery(Lab lab, long elapsedMs, long disruptionEndMs) {
            if (recoveredMs != null) return;
            for (int i = 1; i <= names.size(); i++) {
                if (!lab.isAlive(i)) return; // a restart is still under way
                JsonNode room = lab.get(i, "/api/room");
                if (room == null || room.path("members").size() != names.size()) return;
            }
            recoveredMs = elapsedMs - disruptionEndMs;
            event(Duration.ofMillis(elapsedMs), "every node sees the whole room again");
        }

        /** Every marker timed since the window began, across histogram restarts. */
        private LatencyDistribution window() {
            return LatencyDistribution.of(LatencyDistribution.plus(banked, LatencyDistribution.between(before, latest).counts()));
        }

        double lastLiveP50() {
            return lastLiveP50;
        }

        long samples() {
            return samples;
        }

        void event(Duration at, String what) {
            String line = String.format(Locale.ROOT, "t=%.1fs %s", at.toMillis() / 1000.0, what);
            synchronized (events) {
                events.add(line);
            }
            log.println(line);
        }

        ScenarioResult finish(Lab lab) {
            RoomRoles roles = readRoles(lab);
            long[] audio = audioMetrics(lab);
            LatencyDistribution window = window();
            List<String> elections = elections(lab, roles);
            Long recovery = Timeline.lastDisruptionEnd(scenario).isZero() ? null : (recoveredMs == null ? -1L : recoveredMs);
            // A latency scenario that timed nothing measured nothing: that is a failure, not a row of blanks.
            String status = scenario.measures().contains(Measure.LATENCY) && window.count() == 0
                    ? "failed: no marker from " + from + " reached " + to : "ok";
            return result(status, roles, window, audio[0], audio[1], elections, recovery, hops(lab));
        }

        ScenarioResult failed(String why, Lab lab) {
            log.println("scenario " + scenario.name() + " failed: " + why);
            try {
                if (lab != null) log.println(lab.logTails(25));
            } catch (RuntimeException ignored) {
                // no nodes yet
            }
            return result("failed: " + why, RoomRoles.unknown(names), window(), 0, 0,
                    List.of(), null, null);
        }

        private ScenarioResult result(String status, RoomRoles roles, LatencyDistribution window, long lost, long concealed,
                                      List<String> elections, Long recovery, Integer hops) {
            List<String> ev;
            synchronized (events) {
                ev = List.copyOf(events);
            }
            long now = (System.nanoTime() - started) / 1_000_000;
            return new ScenarioResult(scenario.name(), label, profile, scenario.mixers().count(), backend.name(), status,
                    scenario.duration().toMillis() / 1000.0, from, to, roles.describe(), hops, window.count(),
                    window.percentile(0.5), window.percentile(0.95), window.max(), lost, concealed,
                    measuring ? gaps.longestMillis(Math.min(now, scenario.duration().toMillis())) : 0, elections, recovery,
                    window.cdf(), live, ev, clockOffset, LoadAverage.read());
        }

        /** Elections adopted after the window began, from any live node's history (the leader's preferred). */
        private List<String> elections(Lab lab, RoomRoles roles) {
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= names.size(); i++) {
                if (!lab.isAlive(i)) continue;
                if (!roles.leaders().isEmpty() && !roles.leaders().contains(names.get(i - 1))) continue;
                JsonNode e = lab.get(i, "/api/election");
                if (e == null) continue;
                for (JsonNode h : e.path("history")) {
                    if (h.path("number").asLong() > electionBefore) {
                        out.add("#" + h.path("number").asLong() + " " + h.path("trigger").asText("?") + " -> "
                                + h.path("mixers").size() + " mixers");
                    }
                }
                break;
            }
            return out;
        }

        /** The lab report's hop count for the marker path, when the lab provides one. */
        private Integer hops(Lab lab) {
            ObjectNode report = lab.report((int) scenario.duration().toSeconds());
            String fromId = idOf.get(from), toId = idOf.get(to);
            for (JsonNode p : report.path("pairs")) {
                if (p.path("from").asText().equals(fromId) && p.path("to").asText().equals(toId) && p.has("hops")) {
                    JsonNode h = p.path("hops");
                    return h.isNumber() ? h.asInt() : h.isArray() ? h.size() : null;
                }
            }
            return null;
        }
    }
}
