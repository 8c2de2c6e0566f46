package dev.starling.chaos.run;

import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.lab.Lab;
import dev.starling.chaos.scenario.Fault;
import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Pauses, kills, stops and brings back nodes for a run's process faults. Each action runs on a
 * thread of its own, because stopping with grace or restarting a node takes seconds and the run
 * loop must keep polling meanwhile. A fault's end acts on the nodes its start hit, not on whoever
 * its role target names by then (a killed leader's successor is not the one to restart).
 */
final class ProcessFaults {
    private final CommandRunner runner;
    private final WindowRecorder rec;
    private final Map<Fault, List<String>> hit = new HashMap<>();
    private final ExecutorService processes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-process-fault");
        t.setDaemon(true);
        return t;
    });

    /** @param rec where what was done, and what failed, is noted */
    ProcessFaults(CommandRunner runner, WindowRecorder rec) {
        this.runner = runner;
        this.rec = rec;
    }

    /** Starts the event's action on its targets and returns at once. */
    void fire(Timeline.Event e, Lab lab, RoomRoles roles) {
        Fault f = e.fault();
        List<String> targets = e.kind() == Timeline.Kind.PROCESS_START
                ? TargetResolver.nodes(f.target(), roles)
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
            if (start) lab.stopNode(index, Duration.ofSeconds(s.graceSeconds()));
            else lab.restartNode(index);
        }
    }

    private void signal(long pid, String name) {
        if (pid <= 0) return;
        var r = runner.run(
                List.of("kill", "-s", name.toUpperCase(Locale.ROOT), Long.toString(pid)), Duration.ofSeconds(5));
        if (!r.ok()) throw new IllegalStateException("kill -s " + name + " " + pid + ": " + r.firstLine());
    }

    /** Interrupts what still runs and waits up to 20 s for it to stop. */
    void shutdown() throws InterruptedException {
        processes.shutdownNow();
        processes.awaitTermination(20, TimeUnit.SECONDS);
    }
}
