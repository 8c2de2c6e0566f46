package dev.starling.node.room;

import org.jgroups.stack.GossipRouter;

/**
 * A rendezvous point for peers that cannot reach each other directly: a JGroups GossipRouter that
 * relays every room's (encrypted) traffic between its clients. It never holds a room key; it sees
 * only hashed cluster names, peer ids and ciphertext.
 */
public final class Rendezvous extends GossipRouter {
    public Rendezvous(HostPort bind) throws Exception {
        super(bind.host(), bind.port());
        // Probe diagnostics would join a multicast group; a relay has no business there.
        diagHandler().setEnabled(false);
        // By default the router tells a room a member is suspect the moment that member's connection
        // to it closes. A member whose network drops for a few seconds reconnects; the room's own
        // heartbeats (10 s) decide whether it is gone.
        emitSuspectEvents(false);
    }

    @Override
    public Rendezvous start() throws Exception {
        super.start();
        // Nagle adds ~10 ms per hop on small messages; GossipRouter has no switch for it before start.
        server.tcpNodelay(true);
        return this;
    }
}
