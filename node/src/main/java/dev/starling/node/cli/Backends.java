package dev.starling.node.cli;

import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.run.ChaosBackend;
import dev.starling.chaos.run.FabricBackend;
import dev.starling.chaos.run.NetemBackend;
import java.util.Optional;

/** The {@code --backend} values that run scenarios here ({@code pumba} only writes projects). */
final class Backends {
    private Backends() {}

    /** The backend called {@code name}, or null for an unknown name. */
    static ChaosBackend named(String name, CommandRunner runner) {
        return switch (name) {
            case "fabric" -> new FabricBackend(runner);
            case "netem" -> new NetemBackend(runner);
            default -> null;
        };
    }

    /** True (after saying why on stderr) when the backend cannot run on this host. */
    static boolean refuses(ChaosBackend backend) {
        Optional<String> why = backend.unavailable();
        why.ifPresent(reason -> System.err.println("error: " + reason));
        return why.isPresent();
    }
}
