package dev.starling.chaos.netem;

import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.network.ImpairedNetwork;
import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The {@code netem} backend: each node's egress gets an {@link EgressTree} of {@code tc netem}
 * qdiscs inside its own namespace, as Pumba installs them inside a container. A directed link
 * a->b is a filter on b's address in a's namespace; a partition is 100 % loss towards the other
 * side, again as Pumba does it. A node's tree is rebuilt only when one of its links changes
 * (which restarts that node's netem state, like Pumba replacing its qdisc).
 */
public final class NetemShaper implements ImpairedNetwork {
    /** A node as the shaper sees it: where its interface lives and the address others send to. */
    public record Host(String node, String namespace, String address) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner runner;
    private final List<Host> hosts;
    private final String device;
    private final Function<List<FaultAction.Netem>, List<String>> leaf;
    private final Map<String, Map<String, List<String>>> installed = new HashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Shapes {@code device} (the node's link into the lab network) with real netem qdiscs. */
    public static NetemShaper netem(CommandRunner runner, List<Host> hosts, String device) {
        return new NetemShaper(runner, hosts, device, actions -> {
            List<String> tokens = new ArrayList<>(List.of("netem"));
            tokens.addAll(NetemOptions.of(actions));
            return tokens;
        });
    }

    /**
     * @param leaf the leaf qdisc for a set of active faults; tests on kernels without netem pass a
     *             stand-in (e.g. {@code pfifo}) to exercise the tree, filters and bookkeeping for real
     */
    public NetemShaper(
            CommandRunner runner,
            List<Host> hosts,
            String device,
            Function<List<FaultAction.Netem>, List<String>> leaf) {
        this.runner = runner;
        this.hosts = List.copyOf(hosts);
        this.device = device;
        this.leaf = leaf;
    }

    @Override
    public synchronized void apply(FaultSchedule schedule, Duration at, Set<String> leaders) {
        for (Host from : hosts) {
            Map<String, List<String>> want = new TreeMap<>();
            for (Host to : hosts) {
                if (to == from) continue;
                List<FaultAction.Netem> actions =
                        new ArrayList<>(schedule.activeOn(from.node(), to.node(), at, leaders));
                if (schedule.blocked(from.node(), to.node(), at)) actions.add(NetemOptions.PARTITION); // last loss wins
                if (!actions.isEmpty()) want.put(to.address(), leaf.apply(actions));
            }
            install(from, want);
        }
    }

    @Override
    public synchronized void clear() {
        for (Host h : hosts) install(h, Map.of());
    }

    /** The leaf tokens installed per destination address on {@code node}'s egress. */
    public synchronized Map<String, List<String>> installed(String node) {
        return Map.copyOf(installed.getOrDefault(node, Map.of()));
    }

    private void install(Host host, Map<String, List<String>> want) {
        if (want.equals(installed.getOrDefault(host.node(), Map.of()))) return;
        runner.run(inNamespace(host, EgressTree.teardown(device)), TIMEOUT); // fails harmlessly when there is no tree
        installed.remove(host.node());
        for (List<String> command : EgressTree.build(device, want)) {
            CommandResult r = runner.run(inNamespace(host, command), TIMEOUT);
            if (!r.ok()) {
                errors.add(host.node() + ": " + String.join(" ", command) + " failed (" + r.exitCode() + "): "
                        + r.firstLine());
                runner.run(inNamespace(host, EgressTree.teardown(device)), TIMEOUT); // never leave half a tree
                return;
            }
        }
        if (!want.isEmpty()) installed.put(host.node(), Map.copyOf(want));
    }

    private static List<String> inNamespace(Host host, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        argv.addAll(command);
        return argv;
    }

    @Override
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Removes every tree this shaper installed (the namespaces themselves belong to the lab network). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) clear();
    }
}
