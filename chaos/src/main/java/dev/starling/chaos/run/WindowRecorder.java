package dev.starling.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.chaos.lab.Lab;
import dev.starling.chaos.report.ScenarioResult;
import dev.starling.chaos.scenario.Measure;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.Target;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything measured during one scenario's window, which is what its result reports. A shared
 * room has run before the window opens and its nodes' histograms and counters keep everything
 * since they started, so every figure is a difference against the snapshot taken when the window
 * began; a histogram that starts over in the window (rebuilt link, restarted receiver) has its
 * samples banked rather than lost. Filled by the run loop's thread only; {@link #event} may come
 * from any thread.
 */
final class WindowRecorder {
    private final Scenario scenario;
    private final String label;
    private final String profile;
    private final String backend;
    private final PrintStream log;
    private final List<String> names;
    private final Target.Link path;
    private final List<String> events = new ArrayList<>();
    private final List<double[]> live = new ArrayList<>();
    private final AudioGapTracker gaps = new AudioGapTracker();
    private long started = System.nanoTime();
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

    /** @param names the scenario's node names, in order; @param backend the backend's name, for the result */
    WindowRecorder(
            Scenario scenario, String label, String profile, List<String> names, String backend, PrintStream log) {
        this.scenario = scenario;
        this.label = label;
        this.profile = profile;
        this.names = names;
        this.backend = backend;
        this.log = log;
        this.path =
                scenario.markerPath().orElse(new Target.Link(names.get(0), names.get(Math.min(1, names.size() - 1))));
    }

    /** Whose markers are timed where. */
    Target.Link markerPath() {
        return path;
    }

    /** Opens the window: what the room has counted so far is not the scenario's. */
    void begin(RoomProbe probe, RoomRoles roles) {
        electionBefore = roles.election();
        before = probe.histogram();
        latest = before;
        liveBase = before;
        metricsBefore = probe.inboundAudio();
        measuring = true;
        started = System.nanoTime();
    }

    void poll(RoomProbe probe, long elapsedMs) {
        JsonNode pair = probe.markerPair();
        if (pair == null) return;
        Map<Integer, Long> now = LatencyDistribution.buckets(pair.path("audio").path("histogram"));
        if (LatencyDistribution.restarted(latest, now)) {
            // The link was rebuilt (partition, restart): bank what the old histogram held since
            // the window began, and count the new one from zero.
            banked = LatencyDistribution.plus(
                    banked, LatencyDistribution.between(before, latest).counts());
            liveBanked = LatencyDistribution.plus(
                    liveBanked, LatencyDistribution.between(liveBase, latest).counts());
            before = Map.of();
            liveBase = Map.of();
        }
        latest = now;
        if (pair.path("clockOffset").has("offset_ms"))
            clockOffset = pair.path("clockOffset").path("offset_ms").asDouble();
        long count = pair.path("audio").path("samples").asLong();
        gaps.observe(elapsedMs, count);
        samples = window().count();
    }

    /** Closes one interval of the live series (the latency of the markers timed since the last mark). */
    void liveMark(long elapsedMs) {
        LatencyDistribution last = LatencyDistribution.of(LatencyDistribution.plus(
                liveBanked, LatencyDistribution.between(liveBase, latest).counts()));
        liveBanked = Map.of();
        lastLiveP50 = last.percentile(0.5);
        live.add(new double[] {elapsedMs / 1000.0, lastLiveP50});
        liveBase = latest;
    }

    void checkRecovery(RoomProbe probe, long elapsedMs, long disruptionEndMs) {
        if (recoveredMs != null || !probe.wholeRoom()) return;
        recoveredMs = elapsedMs - disruptionEndMs;
        event(Duration.ofMillis(elapsedMs), "every node sees the whole room again");
    }

    /** Every marker timed since the window began, across histogram restarts. */
    private LatencyDistribution window() {
        return LatencyDistribution.of(LatencyDistribution.plus(
                banked, LatencyDistribution.between(before, latest).counts()));
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

    ScenarioResult finish(RoomProbe probe) {
        RoomRoles roles = probe.roles();
        long[] audio = probe.audioSince(metricsBefore);
        LatencyDistribution window = window();
        List<String> elections = probe.electionsAfter(electionBefore, roles);
        Long recovery =
                Timeline.lastDisruptionEnd(scenario).isZero() ? null : (recoveredMs == null ? -1L : recoveredMs);
        // A latency scenario that timed nothing measured nothing: that is a failure, not a row of blanks.
        String status = scenario.measures().contains(Measure.LATENCY) && window.count() == 0
                ? "failed: no marker from " + path.from() + " reached " + path.to()
                : "ok";
        return result(status, roles, window, audio[0], audio[1], elections, recovery, probe.hops((int)
                scenario.duration().toSeconds()));
    }

    /** @param lab the room whose nodes' last log lines explain the failure; null before there is one */
    ScenarioResult failed(String why, Lab lab) {
        log.println("scenario " + scenario.name() + " failed: " + why);
        try {
            if (lab != null) log.println(lab.logTails(25));
        } catch (RuntimeException ignored) {
            // no nodes yet
        }
        return result("failed: " + why, RoomRoles.unknown(names), window(), 0, 0, List.of(), null, null);
    }

    private ScenarioResult result(
            String status,
            RoomRoles roles,
            LatencyDistribution window,
            long lost,
            long concealed,
            List<String> elections,
            Long recovery,
            Integer hops) {
        List<String> ev;
        synchronized (events) {
            ev = List.copyOf(events);
        }
        long now = (System.nanoTime() - started) / 1_000_000;
        return new ScenarioResult(
                scenario.name(),
                label,
                profile,
                scenario.mixers().count(),
                backend,
                status,
                scenario.duration().toMillis() / 1000.0,
                path.from(),
                path.to(),
                roles.describe(),
                hops,
                window.count(),
                window.percentile(0.5),
                window.percentile(0.95),
                window.max(),
                lost,
                concealed,
                measuring ? gaps.longestMillis(Math.min(now, scenario.duration().toMillis())) : 0,
                elections,
                recovery,
                window.cdf(),
                live,
                ev,
                clockOffset,
                LoadAverage.read());
    }
}
