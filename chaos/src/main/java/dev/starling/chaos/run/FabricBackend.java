package dev.starling.chaos.run;

import dev.starling.chaos.fabric.Fabric;
import dev.starling.chaos.fabric.FabricConfig;
import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.host.Privileges;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The default backend: every node behind the userspace impairment switch ({@link Fabric}). */
public final class FabricBackend implements ChaosBackend {
    private final CommandRunner runner;

    public FabricBackend(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "fabric";
    }

    @Override
    public Optional<String> unavailable() {
        return Privileges.isRoot(runner)
                ? Optional.empty()
                : Optional.of("the fabric backend needs root (network namespaces and TAP devices); run it as root");
    }

    @Override
    public List<String> sweepStale() {
        return Fabric.cleanupStale(runner);
    }

    @Override
    public Network build(List<String> nodes, long seed) throws IOException {
        Fabric fabric = Fabric.start(FabricConfig.defaults(nodes, seed), runner);
        try {
            return new Network(FabricHosts.attach(fabric, runner), fabric);
        } catch (RuntimeException e) {
            fabric.close();
            throw e;
        }
    }
}
