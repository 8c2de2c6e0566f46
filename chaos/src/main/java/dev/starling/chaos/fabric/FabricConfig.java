package dev.starling.chaos.fabric;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything a fabric needs to know up front.
 *
 * @param runId         part of every namespace name ({@code stl-fab-<runId>-<node>}); starts with the
 *                      creating process id so stale-namespace cleanup can tell live runs from dead ones
 * @param nodes         node ids, one namespace and port each, in port order
 * @param subnet        first three octets of the /24 the nodes share; node i gets .(i+1)
 * @param seed          seed of every impairment random stream
 * @param queueCapacity frames each output port may hold waiting for their delivery time
 * @param macCapacity   learned addresses at most
 * @param macAging      how long a learned address stays valid without traffic from it
 */
public record FabricConfig(
        String runId,
        List<String> nodes,
        String subnet,
        long seed,
        int queueCapacity,
        int macCapacity,
        Duration macAging) {
    public static final String NAMESPACE_PREFIX = "stl-fab-";
    static final int MAX_NODES = 250;

    public FabricConfig {
        nodes = List.copyOf(nodes);
        if (!runId.matches("[0-9]+x[0-9a-z]{1,8}"))
            throw new IllegalArgumentException("run id must be <pid>x<tag>: " + runId);
        if (nodes.isEmpty() || nodes.size() > MAX_NODES)
            throw new IllegalArgumentException("1.." + MAX_NODES + " nodes");
        if (new HashSet<>(nodes).size() != nodes.size())
            throw new IllegalArgumentException("duplicate node ids: " + nodes);
        for (String n : nodes) {
            if (!n.matches("[a-z0-9-]{1,32}")) throw new IllegalArgumentException("bad node id: " + n);
        }
        if (!subnet.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"))
            throw new IllegalArgumentException("subnet like 10.77.0: " + subnet);
        if (queueCapacity <= 0 || macCapacity <= 0) throw new IllegalArgumentException("capacities must be positive");
    }

    /** 10.77.0.0/24, 4096 frames per port (about 6 MB of full frames), 1024 addresses aging after 5 min. */
    public static FabricConfig defaults(List<String> nodes, long seed) {
        return new FabricConfig(newRunId(), nodes, "10.77.0", seed, 4096, 1024, Duration.ofMinutes(5));
    }

    /** This process's id and a random tag, so two fabrics in one JVM differ too. */
    public static String newRunId() {
        return ProcessHandle.current().pid() + "x"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    }

    public String namespace(String node) {
        return NAMESPACE_PREFIX + runId + "-" + node;
    }

    public String address(int index) {
        return subnet + "." + (index + 1);
    }

    /** Root-namespace TAP name: IFNAMSIZ allows 15 bytes, so a hash of the run id plus the port. */
    String tapName(int index) {
        return "stf" + String.format("%06x", runId.hashCode() & 0xFFFFFF) + "-" + index;
    }

    /** The process id that created namespace {@code ns}, or -1 if it is not a fabric namespace. */
    static long ownerPid(String ns) {
        if (!ns.startsWith(NAMESPACE_PREFIX)) return -1;
        String rest = ns.substring(NAMESPACE_PREFIX.length());
        int x = rest.indexOf('x');
        if (x <= 0) return -1;
        try {
            return Long.parseLong(rest.substring(0, x));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
