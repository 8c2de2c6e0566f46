package dev.starling.chaos.fabric;

import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ip} commands the fabric needs, one method per step, each with a timeout so a wedged
 * tool can never hang setup or cleanup.
 */
final class Namespaces {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final CommandRunner runner;

    Namespaces(CommandRunner runner) {
        this.runner = runner;
    }

    void create(String ns) throws IOException {
        must("ip", "netns", "add", ns);
    }

    /**
     * Moves the TAP into the namespace, renames it eth0 (what a node in a container sees), gives it
     * its address and brings it and loopback up. IPv6 is switched off first so that DAD, router
     * solicitations and MLD reports do not cross the fabric during measurements.
     */
    void attach(String tap, String ns, String cidr) throws IOException {
        must("ip", "link", "set", tap, "netns", ns);
        runner.run(List.of("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"), TIMEOUT);
        runner.run(
                List.of("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1"), TIMEOUT);
        must("ip", "-n", ns, "link", "set", tap, "name", "eth0");
        must("ip", "-n", ns, "addr", "add", cidr, "dev", "eth0");
        must("ip", "-n", ns, "link", "set", "lo", "up");
        must("ip", "-n", ns, "link", "set", "eth0", "up");
    }

    /**
     * Kills what still runs inside and deletes the namespace. A namespace with live processes
     * would outlive {@code ip netns del} (only its name would go), hence the kill first.
     * Never throws: cleanup must go on with the next namespace.
     * @return null on success, else what went wrong
     */
    String delete(String ns) {
        CommandResult pids = runner.run(List.of("ip", "netns", "pids", ns), TIMEOUT);
        if (pids.ok()) {
            for (String pid : pids.output().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        CommandResult del = runner.run(List.of("ip", "netns", "del", ns), TIMEOUT);
        if (del.ok() || !list(ns).contains(ns)) return null;
        return "ip netns del " + ns + ": " + del.firstLine();
    }

    /** Names of namespaces starting with {@code prefix}. */
    List<String> list(String prefix) {
        CommandResult r = runner.run(List.of("ip", "netns", "list"), TIMEOUT);
        List<String> out = new ArrayList<>();
        if (!r.ok()) return out;
        for (String line : r.output().split("\n")) {
            String name = line.strip().split("\\s+")[0]; // "name (id: 3)"
            if (!name.isEmpty() && name.startsWith(prefix)) out.add(name);
        }
        return out;
    }

    private void must(String... argv) throws IOException {
        CommandResult r = runner.run(List.of(argv), TIMEOUT);
        if (!r.ok())
            throw new IOException(String.join(" ", argv) + " failed (exit " + r.exitCode() + "): " + r.firstLine());
    }
}
