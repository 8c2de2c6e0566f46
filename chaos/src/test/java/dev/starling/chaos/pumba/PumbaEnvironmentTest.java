package dev.starling.chaos.pumba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.ProcessCommandRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PumbaEnvironmentTest {

    private static Availability check(CommandResult docker, CommandResult pumba) {
        Map<String, CommandResult> answers = Map.of("docker", docker, "pumba", pumba);
        return new PumbaEnvironment((argv, timeout) -> answers.get(argv.get(0))).check();
    }

    @Test
    void explainsEachMissingPiece() {
        CommandResult missing = new CommandResult(CommandResult.NOT_FOUND, "");
        assertThat(check(missing, missing))
                .isEqualTo(Availability.no("docker is not installed (no docker client on PATH)"));
        assertThat(check(
                                new CommandResult(
                                        1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock."),
                                missing)
                        .reason())
                .startsWith("no Docker engine reachable")
                .contains("Cannot connect");
        assertThat(check(new CommandResult(0, "27.3.1\n"), missing).reason())
                .isEqualTo("pumba is not installed (Docker engine 27.3.1 is reachable)");
        Availability ok = check(new CommandResult(0, "27.3.1\n"), new CommandResult(0, "pumba version 0.11.6\n"));
        assertThat(ok.available()).isTrue();
        assertThat(ok.reason()).contains("27.3.1").contains("pumba version 0.11.6");
    }

    @Test
    void realHostGivesAnAnswerWithAReason() {
        Availability a = new PumbaEnvironment(new ProcessCommandRunner()).check();
        assertThat(a.reason()).isNotBlank();
    }
}
