package dev.starling.chaos.pumba;

import dev.starling.chaos.scenario.Scenario;

/** Generates the whole Pumba project for a scenario: compose file, Dockerfile, timed script. */
public final class PumbaBackend {
    private final PumbaOptions options;
    private final ComposeGenerator compose;
    private final PumbaPlanner planner;
    private final ScriptWriter scripts = new ScriptWriter();

    public PumbaBackend(PumbaOptions options) {
        this.options = options;
        this.compose = new ComposeGenerator(options);
        this.planner = new PumbaPlanner(options);
    }

    public ComposeLayout layout(Scenario scenario) {
        return new ComposeLayout(scenario, options);
    }

    public PumbaPlan plan(Scenario scenario) {
        return planner.plan(scenario, layout(scenario));
    }

    public ComposeProject project(Scenario scenario) {
        ComposeLayout layout = layout(scenario);
        PumbaPlan plan = planner.plan(scenario, layout);
        return new ComposeProject(
                compose.compose(scenario, layout), compose.dockerfile(), scripts.script(scenario, layout, plan));
    }
}
