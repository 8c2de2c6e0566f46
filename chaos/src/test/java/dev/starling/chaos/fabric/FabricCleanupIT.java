package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.host.ProcessCommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fabric's cleanup against the real kernel: needs root and /dev/net/tun. */
class FabricCleanupIT {
    private final ProcessCommandRunner real = new ProcessCommandRunner();

    /** A start that fails half way still deletes the namespace it made and the TAP it opened. */
    @Test
    void aFailedStartLeavesNothingBehind() {
        assumeRootWithTun();
        List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
        CommandRunner failingMove = (argv, t) -> {
            calls.add(argv);
            if (argv.contains("add") && argv.contains("netns")) return new CommandResult(0, ""); // pretend
            if (argv.size() > 3 && argv.get(1).equals("link") && argv.contains("netns")) {
                return new CommandResult(2, "RTNETLINK answers: simulated failure");
            }
            return new CommandResult(0, "");
        };
        FabricConfig config = FabricConfig.defaults(List.of("a", "b"), 1);
        assertThatThrownBy(() -> Fabric.start(config, failingMove))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("simulated failure");
        assertThat(calls).contains(List.of("ip", "netns", "del", config.namespace("a")));
        assertThat(real.run(List.of("ip", "link", "show", config.tapName(0)), Duration.ofSeconds(5))
                        .ok())
                .as("the TAP disappears with its descriptor")
                .isFalse();
    }

    @Test
    void closeRemovesNamespacesDevicesAndThreads() throws Exception {
        assumeRootWithTun();
        FabricConfig config = FabricConfig.defaults(List.of("x", "y"), 1);
        Fabric f = Fabric.start(config, real);
        try {
            assertThat(namespaces()).contains(config.namespace("x"), config.namespace("y"));
            assertThat(real.run(
                                    List.of("ip", "-n", config.namespace("x"), "addr", "show", "eth0"),
                                    Duration.ofSeconds(5))
                            .output())
                    .contains("10.77.0.1/24");
        } finally {
            f.close();
        }
        f.close(); // idempotent
        assertThat(namespaces()).doesNotContain(config.namespace("x"), config.namespace("y"));
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(
                        t -> t.getName().startsWith("fabric-x-") || t.getName().startsWith("fabric-y-"));
        assertThat(f.errors()).isEmpty();
    }

    private String namespaces() {
        return real.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5)).output();
    }

    static void assumeRootWithTun() {
        java.util.Optional<String> why = SelfTest.unavailableReason();
        if (why.isPresent()) System.out.println("skipping fabric test: " + why.get());
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
    }
}
