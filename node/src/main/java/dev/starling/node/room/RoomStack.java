package dev.starling.node.room;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TCP_NIO2;
import org.jgroups.protocols.TUNNEL;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The JGroups protocol stack of a room, bottom to top, each layer with one job:
 *
 * <pre>
 *   RoomTransport       NIO TCP: one selector thread, frames capped, idle connections reaped,
 *                       strangers that send no handshake closed
 *     (or TUNNEL)       relayed through a rendezvous GossipRouter instead
 *   TCPPING             discovery from --peer bootstrap addresses (TUNNEL discovers via the router)
 *   JoinGate            refuses joiners without the room password, and tells them so in clear text
 *   SYM_ENCRYPT         ChaCha20-Poly1305 over every payload, key stretched from the password
 *   FrameSeal           makes the whole message (headers included) that payload, with a
 *                       per-sender counter, so every frame above is authenticated and counts once
 *   MERGE3              heals partitions; above encryption so outsiders cannot trigger merges
 *   FD_SOCK2, FD_ALL3   crash detection (socket close, not through a rendezvous; heartbeats
 *                       for hung or unreachable peers)
 *   VERIFY_SUSPECT2     double-checks a suspicion before excluding a member
 *   NAKACK2, UNICAST3   reliable, FIFO multicast and unicast
 *   STABLE              garbage-collects delivered messages
 *   GMS                 membership views; the first member is the room leader
 *   UFC, MFC            flow control
 *   FRAG4               fragments large envelopes (file chunks, history pages)
 * </pre>
 *
 * <p>Below FrameSeal only discovery and the join gate's token travel in clear: the cluster name
 * is the same for every room, and a member's address carries only its peer id (a hash of its
 * public key), so neither names the room.
 */
final class RoomStack {
    /** Larger than any bundle the layers above send (FRAG4 cuts envelopes into 60 KB pieces). */
    static final int MAX_FRAME_BYTES = 1 << 20;
    /** A connection that carried nothing for this long is closed; members heartbeat every second. */
    static final long IDLE_CONNECTION_MILLIS = 30_000;

    static final long RENDEZVOUS_RECONNECT_MILLIS = 500;
    static final long RENDEZVOUS_HEARTBEAT_MILLIS = 500;

    private RoomStack() {}

    static List<Protocol> build(RoomConfig config, RoomSecrets secrets) throws Exception {
        RoomConfig.RoomTimeouts t = config.timeouts();
        InetAddress bindAddress = resolve(config.bind().host());
        List<Protocol> stack = new ArrayList<>();

        if (config.rendezvous().isPresent()) {
            TUNNEL tunnel = new TUNNEL();
            HostPort router = config.rendezvous().get();
            tunnel.setGossipRouterHosts(router.host() + "[" + router.port() + "]");
            tunnel.setTcpNodelay(true);
            // A member whose address changed lost its connection to the rendezvous: it notices
            // within seconds (heartbeats) and is back within half a second of that, instead of
            // JGroups' default 5 s, before the room's failure detection gives up on it.
            tunnel.setReconnectInterval(RENDEZVOUS_RECONNECT_MILLIS);
            tunnel.setValue("heartbeat_interval", RENDEZVOUS_HEARTBEAT_MILLIS);
            tunnel.setValue("heartbeat_timeout", 3 * RENDEZVOUS_HEARTBEAT_MILLIS);
            tunnel.setBindAddress(bindAddress);
            tunnel.disableDiagnostics();
            stack.add(tunnel);
            stack.add(new org.jgroups.protocols.PING());
        } else {
            // NIO: a stranger's silent connection costs no thread and cannot hold up the accept
            // loop (the blocking TCP transport reads each new peer's handshake in its acceptor).
            TCP_NIO2 tcp = new RoomTransport();
            tcp.setBindAddress(bindAddress);
            tcp.setBindPort(config.bind().port());
            tcp.setPortRange(0);
            tcp.tcpNodelay(true);
            tcp.setValue("max_length", MAX_FRAME_BYTES);
            tcp.setReaperInterval(5_000);
            tcp.setConnExpireTime(IDLE_CONNECTION_MILLIS);
            // Probe diagnostics listen on a multicast group; a room has no business there.
            tcp.disableDiagnostics();
            stack.add(tcp);
            TCPPING ping = new TCPPING();
            List<java.net.InetSocketAddress> hosts = new ArrayList<>();
            hosts.add(config.bind().toSocketAddress());
            config.bootstrapPeers().forEach(peer -> hosts.add(peer.toSocketAddress()));
            ping.setInitialHosts(hosts);
            ping.setPortRange(0);
            // Answer discovery with every member we know, so a node that only knows one
            // bootstrap peer still finds the coordinator, and MERGE3 can reach every subgroup.
            ping.setValue("return_entire_cache", true);
            stack.add(ping);
        }

        stack.add(new JoinGate(secrets.joinKey()));

        SYM_ENCRYPT encrypt = new SYM_ENCRYPT();
        encrypt.setValue("sym_algorithm", "ChaCha20-Poly1305");
        encrypt.setValue("sym_iv_length", 12);
        encrypt.setSecretKey(secrets.trafficKey());
        stack.add(encrypt);
        stack.add(new FrameSeal());

        stack.add(new MERGE3().setMinInterval(t.mergeMinMillis()).setMaxInterval(t.mergeMaxMillis()));
        if (config.rendezvous().isEmpty()) {
            // FD_SOCK2 connects to each member directly; through a rendezvous members cannot reach
            // each other (that is why it is there), so heartbeats alone tell the room who is gone.
            FD_SOCK2 fdSock = new FD_SOCK2();
            fdSock.setBindAddress(bindAddress);
            stack.add(fdSock);
        }
        FD_ALL3 fdAll = new FD_ALL3();
        fdAll.setTimeout(t.hungAfterMillis());
        fdAll.setInterval(t.heartbeatIntervalMillis());
        stack.add(fdAll);
        stack.add(new VERIFY_SUSPECT2().setTimeout(t.verifyMillis()));
        NAKACK2 nakack = new NAKACK2();
        nakack.setXmitInterval(200);
        stack.add(nakack);
        stack.add(new UNICAST3().setXmitInterval(200));
        stack.add(new STABLE().setDesiredAverageGossip(5_000).setMaxBytes(4_000_000));

        GMS gms = new GMS();
        gms.setJoinTimeout(t.joinMillis());
        gms.setValue("print_local_addr", false);
        stack.add(gms);
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        return stack;
    }

    static String describe(List<Protocol> stack) {
        return stack.stream().map(Protocol::getName).collect(Collectors.joining(" | "));
    }

    private static InetAddress resolve(String host) throws UnknownHostException {
        return InetAddress.getByName(host);
    }
}
