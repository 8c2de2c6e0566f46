package dev.starling.chaos.netem;

import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Does this kernel have sch_netem? A loaded module shows in /sys/module; otherwise the only
 * reliable answer is to ask tc for a netem qdisc, which happens inside a namespace created for the
 * question and deleted afterwards, so no real interface is ever touched.
 */
public final class NetemProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final CommandRunner runner;
    private final Path sysModule;

    public NetemProbe(CommandRunner runner) {
        this(runner, Path.of("/sys/module"));
    }

    NetemProbe(CommandRunner runner, Path sysModule) {
        this.runner = runner;
        this.sysModule = sysModule;
    }

    public Availability check() {
        if (Files.isDirectory(sysModule.resolve("sch_netem"))) {
            return Availability.yes("sch_netem is loaded (/sys/module/sch_netem)");
        }
        String ns = "starling-netem-probe-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        CommandResult add = runner.run(List.of("ip", "netns", "add", ns), TIMEOUT);
        if (add.exitCode() == CommandResult.NOT_FOUND) return Availability.no("cannot probe: the 'ip' tool is missing");
        if (!add.ok()) {
            return Availability.no(
                    "cannot probe sch_netem: creating a network namespace failed (root needed?): " + add.firstLine());
        }
        try {
            CommandResult tc = runner.run(
                    List.of(
                            "ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay",
                            "1ms"),
                    TIMEOUT);
            if (tc.ok()) return Availability.yes("sch_netem works: tc added a netem qdisc in a throwaway namespace");
            if (tc.exitCode() == CommandResult.NOT_FOUND)
                return Availability.no("cannot probe: the 'tc' tool is missing");
            return Availability.no("this kernel has no sch_netem: tc refused a netem qdisc (" + tc.firstLine() + ")");
        } finally {
            runner.run(List.of("ip", "netns", "del", ns), TIMEOUT);
        }
    }
}
