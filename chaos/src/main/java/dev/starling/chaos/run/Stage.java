package dev.starling.chaos.run;

import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.lab.Lab;
import dev.starling.chaos.network.ImpairedNetwork;
import dev.starling.chaos.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A started room on the backend's network. Consecutive scenarios with the same nodes and node
 * options and no process faults share one ({@link RoomPlan#shareKey}): starting 2-7 nodes, their
 * media and an election costs minutes here, a scenario 30 s. Each scenario still measures only
 * its own window.
 *
 * <p>Cleanup: the lab and its network are closed by {@link #close} and by a shutdown hook (Ctrl-C,
 * SIGTERM); a SIGKILLed run's namespaces are removed by the next stage's stale sweep
 * ({@link ChaosBackend#sweepStale}), and its node processes die with their namespaces.
 */
final class Stage {
    // 6-7 media JVMs starting at once on 2 cores took longer than 120 s here (load 46)
    private static final Duration ROOM_TIMEOUT = Duration.ofSeconds(240);
    /** A fresh room first runs this long, then until its marker latency settles, at most {@link #SETTLE_MAX}. */
    private static final Duration WARM_UP = Duration.ofSeconds(15);

    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(5);
    private static final Duration SETTLE_MAX = Duration.ofSeconds(90);

    private final String key;
    private final List<String> names;
    private final Lab lab;
    private final ChaosBackend backend;
    private final PrintStream log;
    private final ProgressLine progress;
    private final Thread hook = new Thread(this::closeRoom, "chaos-run-cleanup");
    private ChaosBackend.Network network;

    private Stage(
            String key, List<String> names, Lab lab, ChaosBackend backend, PrintStream log, ProgressLine progress) {
        this.key = key;
        this.names = names;
        this.lab = lab;
        this.backend = backend;
        this.log = log;
        this.progress = progress;
    }

    /**
     * A stage for the scenario's room, not started yet; first sweeps what killed runs left behind.
     *
     * @param names the scenario's node names, in order
     */
    static Stage open(
            CommandRunner runner,
            ChaosBackend backend,
            PrintStream log,
            ProgressLine progress,
            Scenario scenario,
            List<String> names) {
        List<String> stale = backend.sweepStale();
        if (!stale.isEmpty()) log.println("removed namespaces of killed chaos runs: " + stale);
        Lab lab = new Lab(runner, names.size(), "synthetic", RoomPlan.nodeOptions(scenario), log);
        RoomPlan.nodeOwnOptions(scenario).forEach(lab::nodeOptions);
        Stage stage = new Stage(RoomPlan.shareKey(scenario), names, lab, backend, log, progress);
        Runtime.getRuntime().addShutdownHook(stage.hook);
        return stage;
    }

    /** Whether a scenario with this {@link RoomPlan#shareKey} can run in this room. */
    boolean hosts(String shareKey) {
        return key.equals(shareKey);
    }

    Lab lab() {
        return lab;
    }

    /** Where the timeline's packet faults and partitions take effect, once {@link #start} built it. */
    ImpairedNetwork impairments() {
        return network.impairments();
    }

    /** Builds the network, starts the nodes and waits for room, media and election; null, or why the room failed. */
    String start(Scenario scenario, RoomProbe probe) throws IOException, InterruptedException {
        network = backend.build(names, scenario.seed());
        lab.useHosts(n -> network.hosts());
        progress.phase(scenario.name(), "starting " + names.size() + " nodes");
        lab.start();
        if (!lab.awaitRoom(ROOM_TIMEOUT))
            return "room did not form within " + ROOM_TIMEOUT.toSeconds() + " s, or a node exited";
        awaitMediaAndElection(scenario, Duration.ofSeconds(60));
        settle(scenario, probe);
        return null;
    }

    /** The previous scenario's room goes on: only checks that media flows and the election holds. */
    void resume(Scenario scenario) throws InterruptedException {
        progress.phase(scenario.name(), "same room as the previous scenario");
        awaitMediaAndElection(scenario, Duration.ofSeconds(20));
    }

    /**
     * Starting N JVMs starves the CPU, and the receivers' jitter buffers grow to match; they
     * shrink again only over seconds. Without this the first scenario of every room (the clean
     * profile) would measure the start-up, not its network (see {@link JitterSettling}).
     */
    private void settle(Scenario scenario, RoomProbe probe) throws InterruptedException {
        progress.phase(
                scenario.name(),
                "letting jitter buffers settle (" + WARM_UP.toSeconds() + "-" + SETTLE_MAX.toSeconds() + " s)");
        long start = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(WARM_UP.toMillis());
        probe.roles(); // learns the nodes' ids, which the marker pair is looked up by
        JitterSettling settling = JitterSettling.standard();
        Map<Integer, Long> before = probe.histogram();
        while (System.nanoTime() - start < SETTLE_MAX.toNanos()) {
            TimeUnit.MILLISECONDS.sleep(SETTLE_WINDOW.toMillis());
            Map<Integer, Long> now = probe.histogram();
            LatencyDistribution window = LatencyDistribution.restarted(before, now)
                    ? LatencyDistribution.of(now)
                    : LatencyDistribution.between(before, now);
            before = now;
            double p50 = window.percentile(0.5);
            if (settling.window(p50, window.count())) {
                log.printf("settled after %d s at p50 %.0f ms%n", (System.nanoTime() - start) / 1_000_000_000L, p50);
                return;
            }
        }
        log.println("warning: latency still moving after " + SETTLE_MAX.toSeconds() + " s; measuring anyway");
    }

    /** Media and election that do not arrive in time are warnings: the scenario measures what there is. */
    private void awaitMediaAndElection(Scenario scenario, Duration mediaTimeout) throws InterruptedException {
        progress.phase(scenario.name(), "waiting for media");
        if (!lab.awaitMedia(mediaTimeout)) log.println("warning: not every pair receives media yet");
        int mixers = scenario.mixers().count();
        if (mixers > 0) {
            progress.phase(scenario.name(), "electing " + mixers + " mixer(s)");
            if (!lab.awaitElection(mixers, Duration.ofSeconds(90)))
                log.println("warning: no agreed election of " + mixers + " mixers");
        }
    }

    /** Stops the nodes and removes the network, then reports what the network could not undo. */
    void close() {
        closeRoom();
        if (network != null) network.impairments().errors().forEach(e -> log.println(backend.name() + ": " + e));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran; it closed everything
        }
    }

    private void closeRoom() {
        try {
            lab.close();
        } finally {
            if (network != null) network.hosts().close(); // also kills whatever still runs in its namespaces
        }
    }
}
