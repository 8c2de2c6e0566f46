package dev.starling.chaos.run;

import dev.starling.chaos.fabric.Fabric;
import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.lab.LabHosts;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lab hosts for a chaos run: the fabric's namespaces (each node's {@code eth0} is a TAP of the
 * userspace switch, so room and media traffic cross the impairments), plus one management veth per
 * node from the host, on which only the node's HTTP API listens.
 *
 * <pre>
 *   host scmTAGk 10.214.S.(4k+1)/30 ──veth── mgmt0 10.214.S.(4k+2)/30 [ns stl-fab-RUN-node] eth0 10.77.0.k (fabric)
 * </pre>
 *
 * <p>The management links are point-to-point /30s and no namespace has a default route, so a node
 * cannot reach another node over them: media candidates on {@code mgmt0} fail at once and every
 * node-to-node packet goes through the fabric. Deleting a namespace deletes its veth pair, so the
 * fabric's cleanup (and its stale sweep, for killed runs) also removes these links.
 */
public final class FabricHosts implements LabHosts {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Fabric fabric;
    private final List<String> names;
    private final CommandRunner runner;
    private final String tag;
    private final int subnet;
    private final List<String> hostLinks = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FabricHosts(Fabric fabric, List<String> names, CommandRunner runner, String tag, int subnet) {
        this.fabric = fabric;
        this.names = List.copyOf(names);
        this.runner = runner;
        this.tag = tag;
        this.subnet = subnet;
    }

    /** Adds the management links to a running fabric; on failure removes what it added and throws. */
    public static FabricHosts attach(Fabric fabric, CommandRunner runner) {
        List<String> names = fabric.config().nodes();
        if (names.size() > 62) throw new IllegalArgumentException("at most 62 nodes per chaos run");
        SecureRandom random = new SecureRandom();
        byte[] b = new byte[2];
        random.nextBytes(b);
        String used =
                runner.run(List.of("ip", "-o", "-4", "addr", "show"), TIMEOUT).output();
        int subnet = -1;
        for (int attempt = 0; attempt < 50 && subnet < 0; attempt++) {
            int s = 1 + random.nextInt(250);
            if (!used.contains("10.214." + s + ".")) subnet = s;
        }
        if (subnet < 0) throw new IllegalStateException("no free 10.214.x.0/24 for management links");
        FabricHosts hosts =
                new FabricHosts(fabric, names, runner, HexFormat.of().formatHex(b), subnet);
        try {
            for (int i = 1; i <= names.size(); i++) hosts.link(i);
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
        return hosts;
    }

    private void link(int index) {
        String ns = fabric.namespace(names.get(index - 1));
        String host = "scm" + tag + index;
        must("ip", "link", "add", host, "type", "veth", "peer", "name", "mgmt0", "netns", ns);
        hostLinks.add(host);
        must("ip", "addr", "add", "10.214." + subnet + "." + (4 * index + 1) + "/30", "dev", host);
        must("ip", "link", "set", host, "up");
        must("ip", "-n", ns, "addr", "add", apiAddress(index) + "/30", "dev", "mgmt0");
        must("ip", "-n", ns, "link", "set", "mgmt0", "up");
    }

    private void must(String... argv) {
        CommandResult r = runner.run(List.of(argv), TIMEOUT);
        if (!r.ok())
            throw new IllegalStateException(
                    String.join(" ", argv) + " failed (" + r.exitCode() + "): " + r.firstLine());
    }

    public Fabric fabric() {
        return fabric;
    }

    @Override
    public String id() {
        return fabric.config().runId();
    }

    @Override
    public String nodeName(int index) {
        return names.get(index - 1);
    }

    @Override
    public String roomAddress(int index) {
        return fabric.address(names.get(index - 1));
    }

    @Override
    public String apiAddress(int index) {
        return "10.214." + subnet + "." + (4 * index + 2);
    }

    @Override
    public List<String> execIn(int index) {
        return List.of("ip", "netns", "exec", fabric.namespace(names.get(index - 1)));
    }

    /** Removes the management links, then the fabric (threads, TAPs, namespaces and what runs in them). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (String link : hostLinks) runner.run(List.of("ip", "link", "del", link), TIMEOUT);
        fabric.close();
    }
}
