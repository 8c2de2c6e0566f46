package dev.starling.chaos.host;

import java.time.Duration;
import java.util.List;

/** What the host lets this process do. Namespaces, veth and TAP devices need uid 0 (CAP_NET_ADMIN). */
public final class Privileges {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Privileges() {}

    public static boolean isRoot(CommandRunner runner) {
        CommandResult id = runner.run(List.of("id", "-u"), TIMEOUT);
        return id.ok() && id.output().strip().equals("0");
    }
}
