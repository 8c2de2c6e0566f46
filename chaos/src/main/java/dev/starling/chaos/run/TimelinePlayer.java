package dev.starling.chaos.run;

import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.network.ImpairedNetwork;
import dev.starling.chaos.scenario.Fault;
import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a scenario's {@link Timeline} against a running room. Faults and polls share one clock,
 * so the result's events and its live latency series line up; role targets resolve against the
 * roles the room elected (read when the window opens, and again before a fault on the leader),
 * not against the scenario's declaration.
 */
final class TimelinePlayer {
    private static final long POLL_MILLIS = 250;

    private final ImpairedNetwork network;
    private final RoomProbe probe;
    private final WindowRecorder rec;
    private final ProcessFaults processes;
    private final ProgressLine progress;

    TimelinePlayer(
            ImpairedNetwork network,
            RoomProbe probe,
            WindowRecorder rec,
            ProcessFaults processes,
            ProgressLine progress) {
        this.network = network;
        this.probe = probe;
        this.rec = rec;
        this.processes = processes;
        this.progress = progress;
    }

    /** Runs the scenario's window to its end and leaves the network clean and no node stopped. */
    void play(Scenario scenario) throws InterruptedException {
        RoomRoles roles = probe.roles();
        FaultSchedule schedule = new FaultSchedule(roles.applyTo(scenario));
        rec.begin(probe, roles);
        Timeline timeline = new Timeline(scenario);
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
                    if (e.fault().target() instanceof Target.Nodes t
                            && t.roles().contains(Role.LEADER)) {
                        roles = probe.roles(); // the leader is whoever leads now
                    }
                    processes.fire(e, probe.lab(), roles);
                }
            }
            rec.poll(probe, elapsed);
            if (!recoverFrom.isZero() && elapsed >= recoverFrom.toMillis())
                rec.checkRecovery(probe, elapsed, recoverFrom.toMillis());
            if (elapsed >= nextLive) {
                rec.liveMark(elapsed);
                nextLive += 1000;
                progress.running(
                        scenario.name(), elapsed / 1000.0, durationMs / 1000.0, rec.lastLiveP50(), rec.samples());
            }
            long sleep = (tick + 1) * POLL_MILLIS - (System.nanoTime() - t0) / 1_000_000;
            if (sleep > 0) Thread.sleep(sleep);
        }
        // Whatever was still to end (a pause running past the scenario's end) ends now: no node stays stopped.
        for (Timeline.Event e : new ArrayList<>(timeline.remaining())) {
            if (e.kind() == Timeline.Kind.PROCESS_END) processes.fire(e, probe.lab(), roles);
        }
        network.clear();
        progress.done();
    }

    private static String describeNetwork(Scenario scenario, Duration at) {
        List<String> active = new ArrayList<>();
        for (Fault f : scenario.faults()) {
            boolean on = f.start().compareTo(at) <= 0 && at.compareTo(f.end()) < 0;
            if (on && !(f.action() instanceof FaultAction.Process)) {
                active.add(f.action().keyword()
                        + (f.action() instanceof FaultAction.Partition
                                ? ""
                                : " on " + TargetResolver.describe(f.target())));
            }
        }
        return active.isEmpty() ? "clean" : String.join(", ", active);
    }
}
