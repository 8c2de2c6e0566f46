package dev.starling.chaos.lab;

import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.CommandRunner;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lab's network: one namespace per node, each with one veth link into a bridge that lives in
 * a namespace of the lab's own, plus one link from the host so the lab can reach the nodes' APIs.
 *
 * <pre>
 *   host (10.213.S.1) ──veth── [ns stl-lab-ID-br: bridge] ──veth── [ns stl-lab-ID-nK: eth0 10.213.S.(10+K)]
 * </pre>
 *
 * <p>A node at a NAT {@link LabSite} sits on a private network of its own instead, behind a router
 * namespace whose WAN side is on the bridge; the router forwards the node's HTTP port (and only
 * that) so the lab can still reach its API:
 *
 * <pre>
 *   [ns stl-lab-ID-nK: eth0 10.214.K.10] ──veth── [ns stl-lab-ID-rK: lan0 10.214.K.1 | NAT | wan0 10.213.S.(200+K)] ──veth── bridge
 * </pre>
 *
 * <p>libwebrtc ignores loopback, so media between nodes needs real interfaces like these. Every
 * name starts with {@code stl-lab-ID} (namespaces) or {@code slID} (host-side links), so
 * {@link #close()} and {@link #removeStale(CommandRunner)} find everything a run created, even
 * one that was killed.
 */
public final class LabNetwork implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String PREFIX = "stl-lab-";
    /** NAT routers' WAN addresses take the top of the bridge's /24, above every node's. */
    private static final int MAX_SITE_NODES = 24;

    private final CommandRunner runner;
    private final String id;
    private final int subnet;
    private final List<LabSite> sites;
    private final List<String> namespaces = new ArrayList<>();
    /** How often each NAT site's WAN address has been renumbered, by node index. */
    private final java.util.Map<Integer, Integer> renumbered = new java.util.concurrent.ConcurrentHashMap<>();

    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean bridgeHost;

    private LabNetwork(CommandRunner runner, String id, int subnet, List<LabSite> sites) {
        this.runner = runner;
        this.id = id;
        this.subnet = subnet;
        this.sites = List.copyOf(sites);
    }

    /** Builds the network for {@code nodes} nodes, all on the bridge; on any failure, removes what it built and throws. */
    public static LabNetwork create(CommandRunner runner, int nodes) {
        if (nodes < 1 || nodes > 200) {
            throw new IllegalArgumentException("a lab holds 1-200 nodes, not " + nodes);
        }
        return create(runner, java.util.Collections.nCopies(nodes, LabSite.PUBLIC));
    }

    /** Builds the network with node K at {@code sites[K-1]}; on any failure, removes what it built and throws. */
    public static LabNetwork create(CommandRunner runner, List<LabSite> sites) {
        if (sites.isEmpty() || sites.size() > 200) {
            throw new IllegalArgumentException("a lab holds 1-200 nodes, not " + sites.size());
        }
        if (sites.stream().anyMatch(LabSite::natted) && sites.size() > MAX_SITE_NODES) {
            throw new IllegalArgumentException(
                    "a lab with NAT sites holds at most " + MAX_SITE_NODES + " nodes, not " + sites.size());
        }
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[2];
        random.nextBytes(idBytes);
        LabNetwork network = new LabNetwork(runner, HexFormat.of().formatHex(idBytes), 1 + random.nextInt(250), sites);
        try {
            network.build();
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    public String id() {
        return id;
    }

    public String bridgeNamespace() {
        return PREFIX + id + "-br";
    }

    public String nodeNamespace(int index) {
        return PREFIX + id + "-n" + index;
    }

    /** The address of node {@code index} (1-based) inside its namespace. */
    public String nodeAddress(int index) {
        return site(index).natted() ? sitePrefix(index) + "10" : "10.213." + subnet + "." + (10 + index);
    }

    /** The private network of NAT site {@code index}, up to its last dot. */
    private static String sitePrefix(int index) {
        return "10.214." + index + ".";
    }

    /** The NAT router's address on the private network of site {@code index}. */
    private static String siteGateway(int index) {
        return sitePrefix(index) + "1";
    }

    public LabSite site(int index) {
        return sites.get(index - 1);
    }

    /**
     * Where the lab reaches node {@code index} from the bridge: its own address, or for a node behind
     * a NAT the router's WAN address (whose HTTP port the router forwards to the node).
     */
    public String reachableAddress(int index) {
        return site(index).natted() ? wanAddress(index) : nodeAddress(index);
    }

    private String wanAddress(int index) {
        // Renumbered addresses take the next block of MAX_SITE_NODES, wrapping inside 200-253.
        int block = renumbered.getOrDefault(index, 0) % 2;
        return "10.213." + subnet + "." + (200 + block * MAX_SITE_NODES + index);
    }

    /** The host's address on the lab network; what nodes see the lab's HTTP client come from. */
    public String hostAddress() {
        return "10.213." + subnet + ".1";
    }

    /**
     * Gives the bridge an address of its own, for a service every node reaches directly (the lab's
     * TURN server), and returns it. Idempotent.
     */
    public synchronized String addBridgeHost() {
        if (!bridgeHost) {
            inNs(bridgeNamespace(), "ip", "addr", "add", bridgeHostAddress() + "/24", "dev", "br0");
            // Packets from the host's address to itself (one relay port to another) go through lo.
            inNs(bridgeNamespace(), "ip", "link", "set", "lo", "up");
            bridgeHost = true;
        }
        return bridgeHostAddress();
    }

    /**
     * Makes the bridge the lab's internet for a lab with NAT sites: its host address is every
     * public node's and NAT router's default gateway, and it routes whatever is not on the bridge
     * into a link that leads nowhere (a veth pair without ARP, both ends in its namespace). A
     * peer's private address is then unreachable the way it is out there: silently. Without a
     * default route a send to one fails at once with "network unreachable", which makes coturn
     * close the sender's whole allocation, and a node's ICE lose a socket it still needed.
     */
    private void buildInternet() {
        String bridgeNs = bridgeNamespace();
        addBridgeHost();
        inNs(bridgeNs, "ip", "link", "add", "void0", "type", "veth", "peer", "name", "void1");
        inNs(bridgeNs, "ip", "link", "set", "void0", "arp", "off", "up");
        inNs(bridgeNs, "ip", "link", "set", "void1", "up");
        inNs(bridgeNs, "ip", "route", "add", "default", "dev", "void0");
        inNs(bridgeNs, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        // Gateway for hosts on its own link, not a router between them.
        inNs(bridgeNs, "sysctl", "-q", "-w", "net.ipv4.conf.all.send_redirects=0");
        inNs(bridgeNs, "sysctl", "-q", "-w", "net.ipv4.conf.br0.send_redirects=0");
    }

    private String bridgeHostAddress() {
        return "10.213." + subnet + ".2";
    }

    /** Command prefix that runs a program inside the bridge's namespace. */
    public List<String> execInBridge() {
        return List.of("ip", "netns", "exec", bridgeNamespace());
    }

    /** Command prefix that runs a program inside node {@code index}'s namespace. */
    public List<String> execIn(int index) {
        return List.of("ip", "netns", "exec", nodeNamespace(index));
    }

    private void build() {
        String bridgeNs = bridgeNamespace();
        addNamespace(bridgeNs);
        inNs(bridgeNs, "ip", "link", "add", "br0", "type", "bridge");
        inNs(bridgeNs, "ip", "link", "set", "br0", "up");

        String hostSide = "sl" + id + "h";
        String hostPeer = "sl" + id + "hb";
        must("ip", "link", "add", hostSide, "type", "veth", "peer", "name", hostPeer, "netns", bridgeNs);
        inNs(bridgeNs, "ip", "link", "set", hostPeer, "master", "br0", "up");
        must("ip", "addr", "add", hostAddress() + "/24", "dev", hostSide);
        must("ip", "link", "set", hostSide, "up");

        boolean internet = sites.stream().anyMatch(LabSite::natted);
        if (internet) {
            buildInternet();
        }
        for (int i = 1; i <= sites.size(); i++) {
            String ns = nodeNamespace(i);
            addNamespace(ns);
            if (site(i).natted()) {
                buildSite(i);
            } else {
                plugIntoBridge(ns, "eth0", bridgePort(i));
            }
            inNs(ns, "ip", "addr", "add", nodeAddress(i) + "/24", "dev", "eth0");
            inNs(ns, "ip", "link", "set", "eth0", "up");
            inNs(ns, "ip", "link", "set", "lo", "up");
            if (site(i).natted()) {
                inNs(ns, "ip", "route", "add", "default", "via", siteGateway(i));
            } else if (internet) {
                inNs(ns, "ip", "route", "add", "default", "via", bridgeHostAddress());
            }
        }
    }

    /** A veth from {@code ns} (named {@code inside} there) into the bridge, as {@code port}. */
    private void plugIntoBridge(String ns, String inside, String port) {
        veth(ns, inside, bridgeNamespace(), port);
        inNs(bridgeNamespace(), "ip", "link", "set", port, "master", "br0", "up");
    }

    /** A veth pair: {@code name} in namespace {@code ns}, {@code peerName} in {@code peerNs}. */
    private void veth(String ns, String name, String peerNs, String peerName) {
        must("ip", "link", "add", name, "netns", ns, "type", "veth", "peer", "name", peerName, "netns", peerNs);
    }

    /** One nft command in {@code router}'s namespace, written as nft reads it (words split at spaces). */
    private void nft(String router, String command) {
        List<String> argv = new ArrayList<>(List.of("nft"));
        argv.addAll(List.of(command.split(" ")));
        inNs(router, argv.toArray(String[]::new));
    }

    private String bridgePort(int index) {
        return "sl" + id + "p" + index;
    }

    private String routerNamespace(int index) {
        return PREFIX + id + "-r" + index;
    }

    /** The NAT router in front of node {@code index}: LAN towards the node, WAN on the bridge. */
    private void buildSite(int index) {
        String router = routerNamespace(index);
        addNamespace(router);
        plugIntoBridge(router, "wan0", bridgePort(index));
        veth(nodeNamespace(index), "eth0", router, "lan0");
        inNs(router, "ip", "addr", "add", wanAddress(index) + "/24", "dev", "wan0");
        inNs(router, "ip", "addr", "add", siteGateway(index) + "/24", "dev", "lan0");
        inNs(router, "ip", "link", "set", "wan0", "up");
        inNs(router, "ip", "link", "set", "lan0", "up");
        inNs(router, "ip", "link", "set", "lo", "up");
        inNs(router, "ip", "route", "add", "default", "via", bridgeHostAddress());
        inNs(router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        nft(router, "add table ip site");
        nft(router, "add chain ip site pre { type nat hook prerouting priority -100 ; }");
        nft(router, "add chain ip site post { type nat hook postrouting priority 100 ; }");
        // The lab's own way in: the node's HTTP API, nothing else.
        nft(
                router,
                "add rule ip site pre iifname wan0 tcp dport " + LabNode.HTTP_PORT + " dnat to " + nodeAddress(index));
        nft(
                router,
                "add rule ip site post oifname wan0 masquerade"
                        + (site(index) == LabSite.SYMMETRIC ? " fully-random" : ""));
        // A home router's firewall: from the WAN, only replies and the forwarded port get in. Without
        // it, a peer's packet that reaches the WAN port before the node has sent there leaves a
        // conntrack entry on that port (answered by ICMP port-unreachable), and the node's own
        // packets to that peer then leave from another port than its server-reflexive one.
        nft(router, "add chain ip site wan_in { type filter hook input priority 0 ; }");
        nft(router, "add rule ip site wan_in iifname wan0 ct state established,related accept");
        nft(router, "add rule ip site wan_in iifname wan0 drop");
        nft(router, "add chain ip site wan_fwd { type filter hook forward priority 0 ; }");
        nft(router, "add rule ip site wan_fwd iifname wan0 ct state established,related accept");
        nft(router, "add rule ip site wan_fwd iifname wan0 ct status dnat accept");
        nft(router, "add rule ip site wan_fwd iifname wan0 drop");
    }

    /**
     * Gives NAT site {@code index} a new public address, as when a provider renumbers a home line
     * or a phone moves to another carrier's NAT: the router's WAN link goes down and comes back
     * with a new address, which drops every NAT mapping it had, and the node's packets leave from
     * the new one. The node's own interface stays as it is. Returns the new address (where the lab
     * now reaches its API).
     */
    public String renumberSite(int index) {
        if (!site(index).natted()) {
            throw new IllegalArgumentException("node " + index + " is not behind a NAT");
        }
        String router = routerNamespace(index);
        String old = wanAddress(index);
        renumbered.merge(index, 1, Integer::sum);
        inNs(router, "ip", "link", "set", "wan0", "down");
        inNs(router, "ip", "addr", "del", old + "/24", "dev", "wan0");
        inNs(router, "ip", "addr", "add", wanAddress(index) + "/24", "dev", "wan0");
        inNs(router, "ip", "link", "set", "wan0", "up");
        // Its routes went with the link.
        inNs(router, "ip", "route", "replace", "default", "via", bridgeHostAddress());
        return wanAddress(index);
    }

    /**
     * Limits node {@code index}'s uplink and downlink to these rates (kbit/s; 0 leaves one as it
     * is) with a token bucket ({@code tbf}) on each end of its link: what it sends leaves its own
     * interface no faster, and what it receives leaves the bridge (or its NAT router) no faster.
     */
    public void shape(int index, int uplinkKbps, int downlinkKbps) {
        if (uplinkKbps > 0) {
            tokenBucket(nodeNamespace(index), "eth0", uplinkKbps);
        }
        if (downlinkKbps > 0) {
            if (site(index).natted()) {
                tokenBucket(routerNamespace(index), "lan0", downlinkKbps);
            } else {
                tokenBucket(bridgeNamespace(), bridgePort(index), downlinkKbps);
            }
        }
    }

    /** A tbf on {@code dev}'s egress: {@code kbps}, a burst of 40 ms of it (at least 4 KiB), 200 ms of queue. */
    private void tokenBucket(String ns, String dev, int kbps) {
        long burstBytes = Math.max(4096, (long) kbps * 1000 / 8 / 25);
        inNs(
                ns,
                "tc",
                "qdisc",
                "replace",
                "dev",
                dev,
                "root",
                "tbf",
                "rate",
                kbps + "kbit",
                "burst",
                Long.toString(burstBytes),
                "latency",
                "200ms");
    }

    /**
     * Cuts node {@code index} off the bridge ({@code up} false) or plugs it back in; its own
     * interfaces, addresses and routes stay as they are, as when a home router's uplink drops.
     */
    public void setLink(int index, boolean up) {
        inNs(bridgeNamespace(), "ip", "link", "set", bridgePort(index), up ? "up" : "down");
    }

    private void addNamespace(String name) {
        must("ip", "netns", "add", name);
        namespaces.add(name);
    }

    private void inNs(String ns, String... command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        argv.addAll(List.of(command));
        must(argv.toArray(String[]::new));
    }

    private void must(String... argv) {
        CommandResult result = runner.run(List.of(argv), TIMEOUT);
        if (!result.ok()) {
            throw new IllegalStateException(
                    String.join(" ", argv) + " failed (" + result.exitCode() + "): " + result.firstLine());
        }
    }

    /** Removes every namespace and host link of this run. Idempotent; never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Deleting a namespace deletes the veth ends inside it, and with them their peers.
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            runner.run(List.of("ip", "netns", "del", namespaces.get(i)), TIMEOUT);
        }
        runner.run(List.of("ip", "link", "del", "sl" + id + "h"), TIMEOUT);
    }

    /** Removes namespaces and host links left behind by lab runs that were killed. Returns how many. */
    public static int removeStale(CommandRunner runner) {
        int removed = 0;
        CommandResult list = runner.run(List.of("ip", "netns", "list"), TIMEOUT);
        for (String line : list.output().lines().toList()) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith(PREFIX)
                    && runner.run(List.of("ip", "netns", "del", name), TIMEOUT).ok()) {
                removed++;
            }
        }
        CommandResult links = runner.run(List.of("ip", "-o", "link", "show"), TIMEOUT);
        for (String line : links.output().lines().toList()) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                String name = fields[1].split("@")[0].strip();
                if (name.toLowerCase(Locale.ROOT).matches("sl[0-9a-f]{4}h")
                        && runner.run(List.of("ip", "link", "del", name), TIMEOUT)
                                .ok()) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
