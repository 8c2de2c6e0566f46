package dev.starling.chaos.run;

import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.report.ScenarioResult;
import dev.starling.chaos.scenario.Peer;
import dev.starling.chaos.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs scenarios one at a time on a {@link ChaosBackend}, keeping the last room ({@link Stage})
 * for the next scenario when it may share it. A run never throws for what went wrong in the room:
 * a suite goes on after a failed scenario, so failures become the result's status, and a room that
 * saw a failure is not trusted with the next scenario.
 */
public final class ScenarioRun implements AutoCloseable {
    private final CommandRunner runner;
    private final ChaosBackend backend;
    private final PrintStream log;
    private final ProgressLine progress;
    private Stage stage;

    public ScenarioRun(CommandRunner runner, ChaosBackend backend, PrintStream log, ProgressLine progress) {
        this.runner = runner;
        this.backend = backend;
        this.log = log;
        this.progress = progress;
    }

    /** Runs the scenario to its end; failures are reported in the result's status, never thrown. */
    public ScenarioResult run(Scenario scenario, String label, String profile) throws InterruptedException {
        List<String> names = scenario.nodes().stream().map(Peer::id).toList();
        WindowRecorder rec = new WindowRecorder(scenario, label, profile, names, backend.name(), log);
        if (stage != null && !stage.hosts(RoomPlan.shareKey(scenario))) closeStage();
        ProcessFaults processes = new ProcessFaults(runner, rec);
        boolean keep = false;
        try {
            RoomProbe probe;
            if (stage == null) {
                stage = Stage.open(runner, backend, log, progress, scenario, names);
                probe = new RoomProbe(stage.lab(), names, rec.markerPath());
                String problem = stage.start(scenario, probe);
                if (problem != null) return rec.failed(problem, stage.lab());
            } else {
                probe = new RoomProbe(stage.lab(), names, rec.markerPath());
                stage.resume(scenario);
            }
            new TimelinePlayer(stage.impairments(), probe, rec, processes, progress).play(scenario);
            ScenarioResult result = rec.finish(probe);
            keep = result.ok() && RoomPlan.shareable(scenario);
            return result;
        } catch (IOException | RuntimeException e) {
            return rec.failed(
                    e.getMessage() == null ? e.toString() : e.getMessage(), stage == null ? null : stage.lab());
        } finally {
            processes.shutdown();
            if (!keep) closeStage();
        }
    }

    private void closeStage() {
        Stage s = stage;
        stage = null;
        if (s != null) s.close();
    }

    /** Stops the room kept for a following scenario, if any. */
    @Override
    public void close() {
        closeStage();
    }
}
