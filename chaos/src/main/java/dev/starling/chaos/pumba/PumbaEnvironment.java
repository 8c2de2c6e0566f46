package dev.starling.chaos.pumba;

import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import java.time.Duration;
import java.util.List;

/**
 * Can the generated commands run here? Needs a reachable Docker engine (a client alone is not
 * enough: {@code docker info} must succeed) and a pumba binary.
 */
public final class PumbaEnvironment {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final CommandRunner runner;

    public PumbaEnvironment(CommandRunner runner) {
        this.runner = runner;
    }

    public Availability check() {
        CommandResult docker = runner.run(List.of("docker", "info", "--format", "{{.ServerVersion}}"), TIMEOUT);
        if (docker.exitCode() == CommandResult.NOT_FOUND) {
            return Availability.no("docker is not installed (no docker client on PATH)");
        }
        if (!docker.ok()) {
            return Availability.no("no Docker engine reachable: 'docker info' failed: " + docker.firstLine());
        }
        CommandResult pumba = runner.run(List.of("pumba", "--version"), TIMEOUT);
        if (pumba.exitCode() == CommandResult.NOT_FOUND) {
            return Availability.no("pumba is not installed (Docker engine " + docker.firstLine() + " is reachable)");
        }
        if (!pumba.ok()) return Availability.no("'pumba --version' failed: " + pumba.firstLine());
        return Availability.yes("Docker engine " + docker.firstLine() + " and " + pumba.firstLine());
    }
}
