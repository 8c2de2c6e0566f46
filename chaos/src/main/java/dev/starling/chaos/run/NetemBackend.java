package dev.starling.chaos.run;

import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.lab.LabHosts;
import dev.starling.chaos.lab.LabNetwork;
import dev.starling.chaos.netem.NetemProbe;
import dev.starling.chaos.netem.NetemShaper;
import dev.starling.chaos.scenario.FaultAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code netem} backend, Pumba's mechanism without Docker: the lab's veth + bridge network
 * ({@link LabNetwork}, one namespace per node) with {@code tc netem} qdiscs on each node's
 * {@code eth0}, installed by a {@link NetemShaper}. Only node-to-node traffic is shaped; the
 * runner's API polling from the host goes to the unshaped default class.
 */
public final class NetemBackend implements ChaosBackend {
    static final String DEVICE = "eth0";

    private final CommandRunner runner;
    private final Function<List<FaultAction.Netem>, List<String>> leaf;

    public NetemBackend(CommandRunner runner) {
        this(runner, null);
    }

    /** With a stand-in leaf qdisc (tests on kernels without {@code sch_netem}); null means real netem. */
    NetemBackend(CommandRunner runner, Function<List<FaultAction.Netem>, List<String>> leaf) {
        this.runner = runner;
        this.leaf = leaf;
    }

    @Override
    public String name() {
        return "netem";
    }

    @Override
    public Optional<String> unavailable() {
        if (leaf != null) return Optional.empty();
        Availability netem = new NetemProbe(runner).check();
        return netem.available()
                ? Optional.empty()
                : Optional.of("the netem backend cannot run here: " + netem.reason()
                        + "; use --backend fabric (the userspace switch applies the same impairments)");
    }

    /**
     * Nothing: lab namespaces carry no owner, so a sweep could not tell a killed run's from a
     * concurrent lab's. {@code starling lab --cleanup} removes them on request.
     */
    @Override
    public List<String> sweepStale() {
        return List.of();
    }

    @Override
    public Network build(List<String> nodes, long seed) {
        LabNetwork network = LabNetwork.create(runner, nodes.size());
        List<NetemShaper.Host> hosts = new ArrayList<>();
        for (int i = 1; i <= nodes.size(); i++) {
            hosts.add(new NetemShaper.Host(nodes.get(i - 1), network.nodeNamespace(i), network.nodeAddress(i)));
        }
        NetemShaper shaper =
                leaf == null ? NetemShaper.netem(runner, hosts, DEVICE) : new NetemShaper(runner, hosts, DEVICE, leaf);
        LabHosts bridge = LabHosts.bridge(network);
        LabHosts named = new LabHosts() {
            @Override
            public String id() {
                return bridge.id();
            }

            @Override
            public String nodeName(int index) {
                return nodes.get(index - 1);
            }

            @Override
            public String roomAddress(int index) {
                return bridge.roomAddress(index);
            }

            @Override
            public String apiAddress(int index) {
                return bridge.apiAddress(index);
            }

            @Override
            public List<String> execIn(int index) {
                return bridge.execIn(index);
            }

            @Override
            public void close() {
                shaper.close();
                bridge.close();
            }
        };
        return new Network(named, shaper);
    }
}
