package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FabricCleanupTest {
    @Test
    void staleCleanupRemovesOnlyNamespacesOfDeadOwners() {
        long me = ProcessHandle.current().pid();
        List<List<String>> calls = new ArrayList<>();
        CommandRunner fake = (argv, t) -> {
            calls.add(argv);
            if (argv.equals(List.of("ip", "netns", "list"))) {
                return new CommandResult(0, "stl-fab-999999999x1-a (id: 4)\nstl-fab-" + me + "xq-b (id: 5)\nother\n");
            }
            return new CommandResult(0, "");
        };
        assertThat(Fabric.cleanupStale(fake)).containsExactly("stl-fab-999999999x1-a");
        assertThat(calls)
                .contains(
                        List.of("ip", "netns", "pids", "stl-fab-999999999x1-a"),
                        List.of("ip", "netns", "del", "stl-fab-999999999x1-a"));
        assertThat(calls).noneMatch(c -> c.contains("stl-fab-" + me + "xq-b") || c.contains("other"));
    }
}
